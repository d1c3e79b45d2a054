// `npm run test:e2e`: the browser tests against a real local stack, nothing shared with other
// runs: ETL (real data in ../shared/data/raw when present, else the bundled sample) into a
// private seed, loaded into a private local D1/KV state, static assets assembled in a private
// copy of public/, `wrangler dev` on 127.0.0.1 on a free port, then vitest (vitest.e2e.config.ts)
// driving Debian's chromium with playwright-core. The server is stopped whatever happens.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { runEtl } from "../etl/pipeline.ts";
import { MOVIES_FILE, resolveSources } from "../etl/sources.ts";
import { loadLocal } from "./load-local.ts";
import { prepareAssets } from "./prepare-assets.ts";
import { WRANGLER_ENV } from "./wrangler.ts";

const READY_TIMEOUT_MS = 120_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(base: string, dev: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (dev.exitCode !== null) throw new Error(`wrangler dev exited with ${dev.exitCode} before it was ready`);
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`wrangler dev did not answer ${base}/health within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Stops a process group started with `detached: true` (wrangler dev and its workerd). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, 5_000);
    child.once("exit", () => { clearTimeout(timer); resolve(); });
    try { process.kill(-child.pid!, "SIGTERM"); } catch { clearTimeout(timer); resolve(); }
  });
}

async function main(): Promise<number> {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`test:e2e: no browser at ${CHROMIUM}. Install Debian's: sudo apt-get install -y chromium`);
    return 1;
  }
  const realDir = path.resolve(process.env.REAL_RAW_DIR ?? "../shared/data/raw");
  const sources = resolveSources(fs.existsSync(path.join(realDir, MOVIES_FILE)) ? realDir : process.env.RAW_DIR);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "movies-e2e-"));
  const seedDir = path.join(work, "seed");
  const stateDir = path.join(work, "state");
  const publicDir = path.join(work, "public");
  let dev: ChildProcess | undefined;
  let code = 1;
  try {
    console.error(`[e2e] ETL from ${sources.isSample ? "the bundled sample" : sources.dir} -> ${seedDir}`);
    const { manifest } = await runEtl({ sources, outDir: seedDir, quiet: true });
    loadLocal(seedDir, { persistTo: stateDir });
    // The committed files of public/ (index.html, docs.js, _headers, ...) plus the generated ones.
    const generated = new Set(["app", "eda", "vendor"]);
    fs.cpSync("public", publicDir, { recursive: true, filter: (src) => !generated.has(path.relative("public", src).split(path.sep)[0]!) });
    await prepareAssets(seedDir, publicDir);

    const port = Number(process.env.E2E_PORT ?? (await freePort()));
    const inspector = await freePort();
    const base = `http://127.0.0.1:${port}`;
    console.error(`[e2e] wrangler dev on ${base}`);
    const log = fs.openSync(path.join(work, "wrangler-dev.log"), "w");
    dev = spawn(path.resolve("node_modules/.bin/wrangler"), [
      "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector),
      "--persist-to", stateDir, "--assets", publicDir, "--show-interactive-dev-session=false",
    ], { env: WRANGLER_ENV, stdio: ["ignore", log, log], detached: true });
    await waitReady(base, dev);

    const vitest = spawn(path.resolve("node_modules/.bin/vitest"), ["run", "--config", "vitest.e2e.config.ts", ...process.argv.slice(2)], {
      stdio: "inherit",
      env: { ...process.env, E2E_BASE_URL: base, E2E_SEED_DIR: seedDir, E2E_SEED_VERSION: manifest.version, E2E_SAMPLE: String(sources.isSample), CHROMIUM_PATH: CHROMIUM },
    });
    code = await new Promise<number>((resolve) => vitest.on("exit", (c) => resolve(c ?? 1)));
    return code;
  } finally {
    if (dev) await stop(dev);
    // Kept when something failed (or E2E_KEEP=1): the seed, the state and wrangler's log.
    if (code === 0 && process.env.E2E_KEEP !== "1") fs.rmSync(work, { recursive: true, force: true, maxRetries: 3 });
    else console.error(`[e2e] kept ${work} (wrangler dev log: ${path.join(work, "wrangler-dev.log")})`);
  }
}

process.exitCode = await main();
