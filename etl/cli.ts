// `npm run etl`: raw CSVs (RAW_DIR, data/raw/ or the bundled sample) -> seed/.
import { parseArgs } from "node:util";
import { tightenHeapGrowth } from "./heap.ts";
import { runEtl } from "./pipeline.ts";
import { log } from "./progress.ts";
import { resolveSources } from "./sources.ts";

const { values } = parseArgs({
  options: {
    raw: { type: "string" },
    out: { type: "string", default: "seed" },
    threads: { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});

tightenHeapGrowth();
try {
  const sources = resolveSources(values.raw);
  log(`ETL: reading ${sources.isSample ? "the bundled sample" : sources.dir} -> ${values.out}/`);
  const t0 = performance.now();
  const { manifest, report, timings, peakRssMb } = await runEtl({
    sources,
    outDir: values.out!,
    quiet: values.quiet,
    threads: values.threads ? Number(values.threads) : undefined,
  });
  log("");
  log(report.summary());
  log("");
  log(
    `stages: ${Object.entries(timings)
      .map(([k, v]) => `${k} ${v.toFixed(2)}s`)
      .join(", ")}`,
  );
  log(`total ${((performance.now() - t0) / 1000).toFixed(2)}s, peak RSS ${peakRssMb} MB`);
  log(
    `seed ${manifest.version}: ${manifest.counts.movies} movies, ${manifest.d1.length} SQL files, ${manifest.kv.shards} KV shards (${manifest.kv.keys} keys, largest ${(manifest.kv.largestShard / 1024).toFixed(1)} KB) -> ${values.out}/`,
  );
} catch (err) {
  const e = err as Error;
  // Input problems (missing file, wrong header) are the user's to fix: one line, no stack.
  if (e.name === "EtlInputError") {
    log(`etl: ${e.message}`);
    process.exit(1);
  }
  throw err;
}
