// `npm run test:e2e`: the browser tests against a real local stack, nothing shared with other
// runs: ETL (real data in ../shared/data/raw when present, else the bundled sample) into a
// private seed, loaded into a private local D1/KV state, static assets assembled in a private
// copy of public/, the Worker on 127.0.0.1 on a free port through Miniflare's API (as `npm start`
// serves it), then vitest (vitest.e2e.config.ts): the browser tests driving Debian's chromium
// with playwright-core, then the local cron trigger (test/e2e/local-cron.test.ts). The server is
// stopped whatever happens.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runEtl } from "../etl/pipeline.ts";
import { MOVIES_FILE, REAL_RAW_DIR, resolveSources } from "../etl/sources.ts";
import { loadLocal } from "./load-local.ts";
import { type LocalServer, startLocalServer } from "./local-server.ts";
import { prepareAssets } from "./prepare-assets.ts";
import { startBanner } from "./start.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function main(): Promise<number> {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`test:e2e: no browser at ${CHROMIUM}. Install Debian's: sudo apt-get install -y chromium`);
    return 1;
  }
  const realDir = REAL_RAW_DIR;
  const sources = resolveSources(fs.existsSync(path.join(realDir, MOVIES_FILE)) ? realDir : process.env.RAW_DIR);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "movies-e2e-"));
  const seedDir = path.join(work, "seed");
  const stateDir = path.join(work, "state");
  const publicDir = path.join(work, "public");
  let server: LocalServer | undefined;
  let code = 1;
  try {
    console.error(`[e2e] ETL from ${sources.isSample ? "the bundled sample" : sources.dir} -> ${seedDir}`);
    const { manifest } = await runEtl({ sources, outDir: seedDir, quiet: true });
    await loadLocal(seedDir, { persistTo: stateDir });
    // The committed files of public/ (index.html, docs.js, _headers, ...) plus the generated ones.
    const generated = new Set(["app", "eda", "vendor"]);
    fs.cpSync("public", publicDir, { recursive: true, filter: (src) => !generated.has(path.relative("public", src).split(path.sep)[0]!) });
    await prepareAssets(seedDir, publicDir);

    server = await startLocalServer({
      persistTo: stateDir,
      assets: publicDir,
      logFile: path.join(work, "server.log"),
      port: process.env.E2E_PORT ? Number(process.env.E2E_PORT) : undefined,
    });
    const base = server.base;
    console.error(startBanner(server));

    const vitest = spawn(path.resolve("node_modules/.bin/vitest"), ["run", "--config", "vitest.e2e.config.ts", ...process.argv.slice(2)], {
      stdio: "inherit",
      env: {
        ...process.env,
        E2E_BASE_URL: base,
        E2E_CRON_URL: server.cronUrl,
        E2E_SEED_DIR: seedDir,
        E2E_SEED_VERSION: manifest.version,
        E2E_SAMPLE: String(sources.isSample),
        E2E_RAW_DIR: sources.dir,
        E2E_STATE_DIR: stateDir,
        E2E_WORK_DIR: work,
        CHROMIUM_PATH: CHROMIUM,
      },
    });
    code = await new Promise<number>((resolve) => vitest.on("exit", (c) => resolve(c ?? 1)));
    return code;
  } finally {
    if (server) await server.stop();
    // Kept when something failed (or E2E_KEEP=1): the seed, the state and the server's log.
    if (code === 0 && process.env.E2E_KEEP !== "1") fs.rmSync(work, { recursive: true, force: true, maxRetries: 3 });
    else console.error(`[e2e] kept ${work} (server log: ${path.join(work, "server.log")})`);
  }
}

process.exitCode = await main();
