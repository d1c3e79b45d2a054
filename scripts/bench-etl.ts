// `npm run bench:etl -- --movies N [--seed 7] [--bad-rate R] [--threads T] [--sklearn]`
// Runs the whole ETL on a synthetic catalogue of N movies (generated once with
// ../shared/tools/synth-movies.mjs, or SYNTH_TOOL, and cached under .bench/synth/) or, with
// --raw DIR (or RAW_DIR), on real CSVs; prints the wall time of each stage, the peak memory
// and the report's rejection/repair counts. --sklearn also times the scikit-learn peer
// (TfidfVectorizer + NearestNeighbors(metric='cosine', algorithm='brute'), all rows in one
// kneighbors call) under /usr/bin/time -v on the same cleaned movies and checks parity.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { compareNeighbours, printReport, readNeighbours } from "../etl/parity/compare.ts";
import { runEtl, type StageTimes } from "../etl/pipeline.ts";
import { OUTCOMES } from "../etl/report.ts";
import { resolveSources } from "../etl/sources.ts";

const { values } = parseArgs({
  options: {
    movies: { type: "string" },
    seed: { type: "string", default: "7" },
    "bad-rate": { type: "string", default: "0" },
    threads: { type: "string" },
    raw: { type: "string" },
    sklearn: { type: "boolean", default: false },
  },
});
const fail = (msg: string): never => {
  console.error(`bench:etl: ${msg}`);
  process.exit(1);
};

const BENCH = path.resolve(".bench");
const rawDir = values.raw ?? process.env.RAW_DIR;
const movies = Number(values.movies);
if (rawDir === undefined && !(Number.isInteger(movies) && movies > 0)) fail("give --movies N (a positive integer), or --raw DIR / RAW_DIR for real CSVs");
const seed = Number(values.seed);
const badRate = Number(values["bad-rate"]);
if (!Number.isFinite(badRate) || badRate < 0 || badRate >= 1) fail(`--bad-rate must be in [0, 1), got ${values["bad-rate"]}`);

/** The synthetic catalogue's folder, generated on first use (into a temp name, then renamed). */
function synthCatalogue(): string {
  const dir = path.join(BENCH, "synth", `n${movies}-s${seed}-b${badRate}`);
  if (fs.existsSync(path.join(dir, "credits.csv"))) return dir;
  const tool = path.resolve(process.env.SYNTH_TOOL ?? "../shared/tools/synth-movies.mjs");
  if (!fs.existsSync(tool)) fail(`synthetic data generator not found at ${tool} (set SYNTH_TOOL=path/to/synth-movies.mjs)`);
  const tmp = `${dir}.tmp-${process.pid}`;
  console.error(`generating ${movies.toLocaleString("en")} synthetic movies (seed ${seed}, bad rate ${badRate}) -> ${path.relative(".", dir)}`);
  const r = spawnSync(process.execPath, [tool, "--movies", String(movies), "--seed", String(seed), "--bad-rate", String(badRate), "--out", tmp], { stdio: "inherit" });
  if (r.status !== 0) fail(`generator failed (status ${r.status})`);
  fs.renameSync(tmp, dir);
  return dir;
}

/** Peak resident set of this process so far (kernel's high-water mark), in MB. */
function vmHwmMb(): number | undefined {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : undefined;
}

const srcDir = rawDir !== undefined ? path.resolve(rawDir) : synthCatalogue();
const sources = resolveSources(srcDir);
const label = rawDir !== undefined ? `raw-${path.basename(srcDir)}` : path.basename(srcDir);
const outDir = path.join(BENCH, "etl", label);
fs.mkdirSync(outDir, { recursive: true });

// The heap is sampled every 50 ms (the main thread is busy in long synchronous stretches, so
// this is a lower bound); RSS is the kernel's exact high-water mark, worker threads included.
let peakHeap = 0;
const sample = () => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); };
const sampler = setInterval(sample, 50);
const load0 = os.loadavg()[0]!;
const t0 = performance.now();
const { manifest, report, timings } = await runEtl({
  sources, outDir, quiet: true, threads: values.threads === undefined ? undefined : Number(values.threads),
});
const total = (performance.now() - t0) / 1000;
sample();
clearInterval(sampler);
const rssMb = vmHwmMb();
const load1 = os.loadavg()[0]!;

/** Stage rows of the table, from runEtl's timings (see etl/pipeline.ts for their names). */
function stageRows(t: StageTimes): [string, number][] {
  const g = (k: string) => t[k] ?? 0;
  const textAndIdf = g("recommend") - g("recommend.total") + g("recommend.tfidf");
  const rows: [string, number][] = [
    ["read (CSV parsing)", g("read") - g("read.clean")],
    ["clean (rows, directors)", g("read.clean")],
    ["tokenise + TF-IDF", textAndIdf],
    ["top-k (exact top-5)", g("recommend.topk")],
    ["write (SQL, KV, bundle)", g("write")],
  ];
  const known = new Set(["read", "read.clean", "recommend", "write"]);
  for (const [k, v] of Object.entries(t)) if (!known.has(k) && !k.startsWith("recommend.")) rows.push([k, v]);
  return rows;
}

const rep = report.toJSON();
console.log(`\nETL on ${rawDir !== undefined ? srcDir : `${movies.toLocaleString("en")} synthetic movies (seed ${seed}, bad rate ${badRate})`}`);
console.log(`movies kept ${manifest.counts.movies?.toLocaleString("en")}, threads ${values.threads ?? "default"}, load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}, ${os.cpus().length} cores`);
console.log("| stage | wall s |\n|---|---:|");
for (const [name, s] of stageRows(timings)) console.log(`| ${name} | ${s.toFixed(2)} |`);
console.log(`| **total** | **${total.toFixed(2)}** |`);
console.log(`peak memory: RSS ${rssMb ?? "?"} MB (VmHWM), heap ${Math.round(peakHeap / 2 ** 20)} MB (sampled every 50 ms)`);
console.log(`report: ${OUTCOMES.map((o) => `${o} ${rep.totals[o]}`).join(", ")}`);
for (const o of ["rejected", "repaired"] as const) {
  for (const [reason, t] of Object.entries(rep[o])) console.log(`  ${o} ${reason}: ${t.count}`);
}
console.log(`seed -> ${path.relative(".", outDir)}/`);

if (values.sklearn) {
  const skOut = path.join(outDir, "sklearn.jsonl");
  const script = path.resolve("etl/parity/sklearn_top5.py");
  const n = manifest.counts.movies ?? 0;
  // One kneighbors call over all rows (scikit-learn chunks internally by working_memory).
  const py = spawnSync("/usr/bin/time", ["-v", "/usr/bin/python3", script, "--in", path.join(outDir, "movies.jsonl"), "--out", skOut,
    "--method", "nn", "--rows-per-chunk", String(Math.max(1, n))], { encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
  if (py.status !== 0) fail(`sklearn peer failed (status ${py.status}): ${py.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*(?:(\d+):)?(\d+):([\d.]+)/.exec(py.stderr);
  const wallS = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  const skRss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(py.stderr);
  const own = /sklearn_top5: .*/.exec(py.stderr)?.[0];
  console.log(`\nscikit-learn NearestNeighbors(cosine, brute): ${own ?? ""}`);
  console.log(`| | wall s | peak RSS MB |\n|---|---:|---:|`);
  console.log(`| ours (whole ETL) | ${total.toFixed(2)} | ${rssMb ?? "?"} |`);
  console.log(`| scikit-learn (TF-IDF + top-5 only) | ${wallS.toFixed(2)} | ${skRss ? Math.round(Number(skRss[1]) / 1024) : "?"} |`);
  console.log(`ratio ours / scikit-learn: ${(total / wallS).toFixed(3)}; load average now ${os.loadavg()[0]!.toFixed(1)}`);
  const cmp = compareNeighbours(await readNeighbours(path.join(outDir, "neighbours.jsonl")), await readNeighbours(skOut));
  printReport(cmp, 1e-9);
}
