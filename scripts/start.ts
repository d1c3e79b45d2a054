// `npm start`: the whole local path in one command.
//   1. ETL, if seed/ is missing or stale (raw data or ETL code changed since it was built)
//   2. load the seed into the local D1 and KV, if that version is not loaded yet
//   3. wrangler dev on 127.0.0.1:8787 (web UI at /, API, /eda/, /docs, /openapi.json)
import fs from "node:fs";
import type { Manifest } from "../etl/pipeline.ts";
import { runEtl } from "../etl/pipeline.ts";
import { resolveSources } from "../etl/sources.ts";
import { loadedVersion, loadLocal } from "./load-local.ts";
import { prepareAssets } from "./prepare-assets.ts";
import { seedStaleReason } from "./seed-state.ts";
import { wranglerSpawn } from "./wrangler.ts";

const SEED = "seed";
const PORT = process.env.PORT ?? "8787";

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

const manifest: Manifest = JSON.parse(fs.readFileSync(`${SEED}/manifest.json`, "utf8"));
if (loadedVersion() !== manifest.version) loadLocal(SEED);
else console.error(`[load] local D1 + KV already hold seed ${manifest.version}`);

await prepareAssets(SEED); // Swagger UI files, the web UI bundle, the EDA report -> public/
console.error(`[dev] http://127.0.0.1:${PORT}/ (web UI), /eda/ (analysis), /docs (API reference)  — Ctrl-C to stop`);
const dev = wranglerSpawn(["dev", "--ip", "127.0.0.1", "--port", PORT, ...process.argv.slice(2)]);
dev.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => dev.kill(sig));
