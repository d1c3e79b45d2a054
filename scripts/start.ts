// `npm start`: the whole local path in one command.
//   1. ETL, if seed/ is missing or stale (raw data or ETL code changed since it was built)
//   2. load the seed into the local D1 and KV, if that version is not loaded yet
//   3. the Worker on 127.0.0.1:8787 through Miniflare's API (./miniflare-server.ts): web UI at /,
//      API, /eda/, /docs, /openapi.json, and the cron trigger at the URL printed on start.
// `npm run dev` serves the same through `wrangler dev` instead, with hot reload.
//
//   PORT=8788 npm start              another port
//   RATE_LIMIT_LOCAL=1 npm start     rate-limit loopback clients too (off by default)
//   npm start -- --quiet             no log line per request
import { parseArgs } from "node:util";
import { runEtl } from "../etl/pipeline.ts";
import { readSeedManifest } from "../etl/seed-manifest.ts";
import { resolveSources } from "../etl/sources.ts";
import { loadedVersion, loadLocal } from "./load-local.ts";
import { type MiniflareServer, startMiniflareServer } from "./miniflare-server.ts";
import { prepareAssets } from "./prepare-assets.ts";
import { seedStaleReason } from "./seed-state.ts";

const SEED = "seed";
const PORT = Number(process.env.PORT ?? "8787");

/** What `npm start` prints once the server answers (the browser tests print the same). */
export function startBanner(server: Pick<MiniflareServer, "base" | "cronUrl">): string {
  return [
    `[dev] ${server.base}/ (web UI), /eda/ (analysis), /docs (API reference)  — Ctrl-C to stop`,
    `[dev] cron trigger: curl '${server.cronUrl}'  (applies the bundle of \`npm run publish -- --local\`)`,
  ].join("\n");
}

async function main() {
  const { values: args } = parseArgs({ options: { quiet: { type: "boolean", default: false } } });
  const reason = seedStaleReason(SEED, resolveSources());
  if (reason) {
    const sources = resolveSources();
    console.error(`[etl] ${reason}: building the seed from ${sources.isSample ? "the bundled sample (data/sample)" : sources.dir}`);
    try {
      const { report, peakRssMb } = await runEtl({ sources, outDir: SEED });
      console.error(report.summary());
      console.error(`  peak RSS ${peakRssMb} MB`);
    } catch (err) {
      console.error(`etl: ${(err as Error).message}`);
      process.exit(1);
    }
  } else {
    console.error("[etl] seed is up to date");
  }

  const manifest = readSeedManifest(SEED);
  if (loadedVersion() !== manifest.version) await loadLocal(SEED);
  else console.error(`[load] local D1 + KV already hold seed ${manifest.version}`);

  await prepareAssets(SEED); // Swagger UI files, the web UI bundle, the EDA report -> public/
  const vars = process.env.RATE_LIMIT_LOCAL ? { RATE_LIMIT_LOCAL: process.env.RATE_LIMIT_LOCAL } : undefined;
  const server = await startMiniflareServer({ port: PORT, vars, logRequests: !args.quiet });
  console.error(startBanner(server));
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      void server.stop().finally(() => process.exit(0));
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
