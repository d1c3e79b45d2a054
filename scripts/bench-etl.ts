// `npm run bench:etl -- --movies N[,N2,...] [--seed 7] [--bad-rate R] [--threads T] [--sklearn]`
// Runs the whole ETL on synthetic catalogues of N movies (generated once with
// ../shared/tools/synth-movies.mjs, or SYNTH_TOOL, and cached under .bench/synth/) or, with
// --raw DIR (or RAW_DIR), on real CSVs. Each size runs in its own child process under
// /usr/bin/time -v, so that its peak memory is its own, its CPU time is counted by the kernel,
// and a stage that dies (e.g. out of heap) still leaves the figures of the stages before it.
// Prints, per size, the wall and CPU time of each stage (CPU: the whole process, worker
// threads included: on a shared machine wall time depends on the load, CPU time much less),
// the peak RSS up to the end of the recommender and for the whole run, the largest KV shard,
// the recommender's work (postings walked and pairs scored exactly, against n²/2 and against
// the exhaustive search), the report's counts; then, for several sizes, the growth exponents
// between them (cost ∝ n^e). Every finished size is appended to .bench/etl/results.jsonl.
// --sklearn also times the scikit-learn peer (TfidfVectorizer + NearestNeighbors(metric=
// 'cosine', algorithm='brute'), all rows in one kneighbors call) under /usr/bin/time -v on the
// same cleaned movies and checks parity.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { tightenHeapGrowth } from "../etl/heap.ts";
import { compareNeighbours, printReport, readNeighbours } from "../etl/parity/compare.ts";
import { type RecommendStats, runEtl, type StageTimes } from "../etl/pipeline.ts";
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
    child: { type: "boolean", default: false },
  },
});
const fail = (msg: string): never => {
  console.error(`bench:etl: ${msg}`);
  process.exit(1);
};

const BENCH = path.resolve(".bench");
const RESULTS = path.join(BENCH, "etl", "results.jsonl");
const rawDir = values.raw ?? process.env.RAW_DIR;
const sizes = (values.movies ?? "").split(",").filter(Boolean).map(Number);
if (rawDir === undefined && (sizes.length === 0 || !sizes.every((n) => Number.isInteger(n) && n > 0))) {
  fail("give --movies N[,N2,...] (positive integers), or --raw DIR / RAW_DIR for real CSVs");
}
const seed = Number(values.seed);
const badRate = Number(values["bad-rate"]);
if (!Number.isFinite(badRate) || badRate < 0 || badRate >= 1) fail(`--bad-rate must be in [0, 1), got ${values["bad-rate"]}`);

/** What a child reports to the parent: one message per finished stage, then the end. */
type ChildMessage =
  | { type: "stage"; stage: string; timings: StageTimes; recommend?: RecommendStats; rssMb: number }
  | {
      type: "done";
      total: number;
      cpu: number;
      rssMb: number;
      heapMb: number;
      movies: number;
      largestShard: number;
      shards: number;
      report: string[];
      outDir: string;
    };

/** One size's figures, as kept in results.jsonl. */
interface Row {
  label: string;
  movies: number;
  threads: string;
  at: string;
  load: [number, number];
  timings: StageTimes;
  recommend?: RecommendStats;
  /** Peak RSS up to the end of the recommend stage, and for the whole run (undefined if it died). */
  rssToRecommendMb?: number;
  rssMb?: number;
  total?: number;
  /** CPU seconds of the whole run: process.cpuUsage() in the child, and user + sys from /usr/bin/time. */
  cpu?: number;
  timeCpu?: number;
  /** Largest KV shard (bytes) and the number of shards. */
  largestShard?: number;
  shards?: number;
  /** Why the run did not finish (stage, exit code). */
  failed?: string;
}

/** The synthetic catalogue's folder, generated on first use (into a temp name, then renamed). */
function synthCatalogue(movies: number): string {
  const dir = path.join(BENCH, "synth", `n${movies}-s${seed}-b${badRate}`);
  if (fs.existsSync(path.join(dir, "credits.csv"))) return dir;
  const tool = path.resolve(process.env.SYNTH_TOOL ?? "../shared/tools/synth-movies.mjs");
  if (!fs.existsSync(tool)) fail(`synthetic data generator not found at ${tool} (set SYNTH_TOOL=path/to/synth-movies.mjs)`);
  const tmp = `${dir}.tmp-${process.pid}`;
  console.error(`generating ${movies.toLocaleString("en")} synthetic movies (seed ${seed}, bad rate ${badRate}) -> ${path.relative(".", dir)}`);
  const r = spawnSync(process.execPath, [tool, "--movies", String(movies), "--seed", String(seed), "--bad-rate", String(badRate), "--out", tmp], {
    stdio: "inherit",
  });
  if (r.status !== 0) fail(`generator failed (status ${r.status})`);
  fs.renameSync(tmp, dir);
  return dir;
}

/** Peak resident set of this process so far (kernel's high-water mark, worker threads included), in MB. */
function vmHwmMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** The child: one ETL run, reporting each stage to the parent as it ends. */
async function child(srcDir: string, outDir: string): Promise<void> {
  tightenHeapGrowth(); // as `npm run etl` runs (etl/heap.ts)
  const send = (m: ChildMessage) => process.send?.(m);
  // The heap is sampled every 50 ms (the main thread is busy in long synchronous stretches, so
  // this is a lower bound); RSS is the kernel's exact high-water mark.
  let peakHeap = 0;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, 50);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { manifest, report } = await runEtl({
    sources: resolveSources(srcDir),
    outDir,
    quiet: true,
    threads: values.threads === undefined ? undefined : Number(values.threads),
    onStage: (stage, timings, recommend) => send({ type: "stage", stage, timings: { ...timings }, ...(recommend ? { recommend } : {}), rssMb: vmHwmMb() }),
  });
  const total = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sample();
  clearInterval(sampler);
  const rep = report.toJSON();
  const lines = [`report: ${OUTCOMES.map((o) => `${o} ${rep.totals[o]}`).join(", ")}`];
  for (const o of ["rejected", "repaired"] as const) for (const [reason, t] of Object.entries(rep[o])) lines.push(`  ${o} ${reason}: ${t.count}`);
  send({
    type: "done",
    total,
    cpu: (cpu.user + cpu.system) / 1e6,
    rssMb: vmHwmMb(),
    heapMb: Math.round(peakHeap / 2 ** 20),
    movies: manifest.counts.movies ?? 0,
    largestShard: manifest.kv.largestShard,
    shards: manifest.kv.shards,
    report: lines,
    outDir,
  });
}

/** Runs one size in a child process; resolves with its figures (partial if it died). */
function runSize(label: string, srcDir: string, outDir: string, n: number): Promise<Row> {
  const load0 = os.loadavg()[0]!;
  const row: Row = { label, movies: n, threads: values.threads ?? "default", at: new Date().toISOString(), load: [load0, load0], timings: {} };
  const script = fileURLToPath(import.meta.url);
  const argv = ["--child", "--seed", String(seed), "--bad-rate", String(badRate), ...(values.threads ? ["--threads", values.threads] : [])];
  argv.push(...(rawDir !== undefined ? ["--raw", srcDir] : ["--movies", String(n)]));
  const timeFile = path.join(outDir, "time-v.txt");
  fs.mkdirSync(outDir, { recursive: true });
  return new Promise((resolve) => {
    // The IPC channel (fd 3, NODE_CHANNEL_FD) passes through /usr/bin/time to the node child.
    const c = spawn("/usr/bin/time", ["-v", "-o", timeFile, process.execPath, ...process.execArgv, script, ...argv], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let lastStage = "(start)";
    let done: Extract<ChildMessage, { type: "done" }> | undefined;
    c.on("message", (m: ChildMessage) => {
      if (m.type === "stage") {
        lastStage = m.stage;
        row.timings = m.timings;
        if (m.recommend) row.recommend = m.recommend;
        if (m.stage === "recommend") row.rssToRecommendMb = m.rssMb;
      } else done = m;
    });
    c.on("exit", (code, signal) => {
      row.load[1] = os.loadavg()[0]!;
      const time = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, "utf8") : "";
      const secs = (label: string) => Number(new RegExp(`${label} time \\(seconds\\):\\s*([\\d.]+)`).exec(time)?.[1] ?? NaN);
      if (time) row.timeCpu = secs("User") + secs("System");
      if (done !== undefined && code === 0) {
        row.total = done.total;
        row.cpu = done.cpu;
        row.rssMb = done.rssMb;
        row.movies = done.movies;
        row.largestShard = done.largestShard;
        row.shards = done.shards;
        console.log(`\nETL on ${label}: ${done.movies.toLocaleString("en")} movies kept; peak heap ${done.heapMb} MB (sampled every 50 ms)`);
        for (const l of done.report) console.log(l);
        console.log(`seed -> ${path.relative(".", done.outDir)}/`);
      } else {
        const after = ["read", "recommend", "write", "eda"][["read", "recommend", "write", "eda"].indexOf(lastStage) + 1] ?? "?";
        row.failed = `died in the ${after} stage (${signal ?? `exit code ${code}`})` + (lastStage === "(start)" ? "" : `, after the ${lastStage} stage`);
        console.log(`\nETL on ${label}: ${row.failed}`);
      }
      resolve(row);
    });
  });
}

const fmt = (s: number | undefined, d = 2) => (s === undefined || Number.isNaN(s) ? "–" : s.toFixed(d));
const mb = (v: number | undefined) => (v === undefined ? "–" : `${v.toLocaleString("en")} MB`);

/** One stage's wall and CPU seconds. */
interface Cost {
  wall?: number;
  cpu?: number;
}

/** Stage costs from runEtl's timings (see etl/pipeline.ts for their names); undefined for a stage that did not finish. */
function stageCosts(t: StageTimes): { read: Cost; clean: Cost; tfidf: Cost; topk: Cost; write: Cost; eda: Cost } {
  const g = (k: string) => t[k] ?? 0;
  const has = (k: string) => t[k] !== undefined;
  // cleaning runs inside the read: its time is a wall time (clocking CPU time per row would
  // cost more than the cleaning), so the read's CPU time includes it
  const read: Cost = has("read") ? { wall: g("read") - g("read.clean"), cpu: g("read.cpu") } : {};
  const clean: Cost = has("read") ? { wall: g("read.clean") } : {};
  const rec = has("recommend");
  const tfidf: Cost = rec ? { wall: g("recommend") - g("recommend.total") + g("recommend.tfidf"), cpu: g("recommend.cpu") - g("recommend.topk.cpu") } : {};
  const topk: Cost = rec ? { wall: g("recommend.topk"), cpu: g("recommend.topk.cpu") } : {};
  const write: Cost = has("write") ? { wall: g("write"), cpu: g("write.cpu") } : {};
  // Since 2026-12-01 the EDA report is made inside the write stage (beside its worker thread): its wall time only.
  const eda: Cost = has("eda") ? { wall: g("eda"), ...(has("eda.cpu") ? { cpu: g("eda.cpu") } : {}) } : {};
  return { read, clean, tfidf, topk, write, eda };
}

const cost = (c: Cost) => (c.wall === undefined ? "–" : c.cpu === undefined ? fmt(c.wall, 1) : `${fmt(c.wall, 1)} (${fmt(c.cpu, 1)})`);

function printTable(rows: Row[]): void {
  console.log(
    `\nSeconds, wall (CPU of the whole process: all threads; read's CPU includes the cleaning; write includes eda, made on the main thread while the write stage's worker finishes). Load = 1-minute load average before → after.`,
  );
  console.log(
    `\n| movies | load | read | clean | tokenise + TF-IDF | top-k | write | eda | total | CPU total (process; time -v) | peak RSS to top-k | peak RSS | KV shards (largest) |`,
  );
  console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const c = stageCosts(r.timings);
    const write = r.timings.write !== undefined ? cost(c.write) : r.failed ? "**failed**" : "–";
    const shards = r.largestShard === undefined ? "–" : `${r.shards!.toLocaleString("en")} (${(r.largestShard / 1024).toFixed(1)} KB)`;
    console.log(
      `| ${r.label} | ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} | ${cost(c.read)} | ${cost(c.clean)} | ${cost(c.tfidf)} | ${cost(c.topk)} | ${write} | ${cost(c.eda)} | ` +
        `${r.total !== undefined ? `**${fmt(r.total, 1)}**` : "–"} | ${fmt(r.cpu, 1)}; ${fmt(r.timeCpu, 1)} | ${mb(r.rssToRecommendMb)} | ${mb(r.rssMb)} | ${shards} |`,
    );
  }
  for (const r of rows) if (r.failed) console.log(`${r.label}: ${r.failed}`);
  console.log(`\n| movies | postings walked | ÷ n²/2 | ÷ exhaustive Σ df² | per movie | pairs scored exactly | ÷ n²/2 | per movie |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const rec = r.recommend;
    if (!rec) continue;
    const half = (r.movies * r.movies) / 2;
    console.log(
      `| ${r.label} | ${rec.postings.toExponential(2)} | ${(rec.postings / half).toExponential(2)} | ${(rec.postings / rec.exhaustivePostings).toExponential(2)} | ` +
        `${Math.round(rec.postings / r.movies).toLocaleString("en")} | ${rec.exact.toExponential(2)} | ${(rec.exact / half).toExponential(1)} | ${(rec.exact / r.movies).toFixed(1)} |`,
    );
  }
  if (rows.length < 2) return;
  // growth exponents e (cost ∝ n^e) between consecutive sizes
  console.log(`\n| from → to | n × | top-k CPU e | postings walked e | pairs scored e | read + clean CPU e | write CPU e | total CPU e |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const ln = Math.log(b.movies / a.movies);
    const e = (x: number | undefined, y: number | undefined) => (x && y ? (Math.log(y / x) / ln).toFixed(2) : "–");
    const ca = stageCosts(a.timings);
    const cb = stageCosts(b.timings);
    const readCpu = (c: ReturnType<typeof stageCosts>) => c.read.cpu;
    console.log(
      `| ${a.label} → ${b.label} | ${(b.movies / a.movies).toFixed(2)} | ${e(ca.topk.cpu, cb.topk.cpu)} | ${e(a.recommend?.postings, b.recommend?.postings)} | ` +
        `${e(a.recommend?.exact, b.recommend?.exact)} | ${e(readCpu(ca), readCpu(cb))} | ${e(ca.write.cpu, cb.write.cpu)} | ${e(a.cpu, b.cpu)} |`,
    );
  }
}

async function sklearnPeer(outDir: string, row: Row): Promise<void> {
  const skOut = path.join(outDir, "sklearn.jsonl");
  const script = path.resolve("etl/parity/sklearn_top5.py");
  // One kneighbors call over all rows (scikit-learn chunks internally by working_memory).
  const py = spawnSync(
    "/usr/bin/time",
    [
      "-v",
      "/usr/bin/python3",
      script,
      "--in",
      path.join(outDir, "movies.jsonl"),
      "--out",
      skOut,
      "--method",
      "nn",
      "--rows-per-chunk",
      String(Math.max(1, row.movies)),
    ],
    { encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] },
  );
  if (py.status !== 0) fail(`sklearn peer failed (status ${py.status}): ${py.stderr.slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*(?:(\d+):)?(\d+):([\d.]+)/.exec(py.stderr);
  const wallS = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  const skRss = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(py.stderr);
  const own = /sklearn_top5: .*/.exec(py.stderr)?.[0];
  console.log(`\nscikit-learn NearestNeighbors(cosine, brute): ${own ?? ""}`);
  console.log(`| | wall s | peak RSS MB |\n|---|---:|---:|`);
  console.log(`| ours (whole ETL) | ${fmt(row.total)} | ${row.rssMb ?? "?"} |`);
  console.log(`| scikit-learn (TF-IDF + top-5 only) | ${wallS.toFixed(2)} | ${skRss ? Math.round(Number(skRss[1]) / 1024) : "?"} |`);
  console.log(`ratio ours / scikit-learn: ${((row.total ?? NaN) / wallS).toFixed(3)}; load average now ${os.loadavg()[0]!.toFixed(1)}`);
  const cmp = compareNeighbours(await readNeighbours(path.join(outDir, "neighbours.jsonl")), await readNeighbours(skOut));
  printReport(cmp, 1e-12);
}

if (values.child) {
  const srcDir = rawDir !== undefined ? path.resolve(rawDir) : synthCatalogue(sizes[0]!);
  const label = rawDir !== undefined ? `raw-${path.basename(srcDir)}` : path.basename(srcDir);
  const outDir = path.join(BENCH, "etl", label);
  fs.mkdirSync(outDir, { recursive: true });
  await child(srcDir, outDir);
} else {
  console.log(
    `bench:etl on ${os.cpus().length} cores; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const rows: Row[] = [];
  for (const n of rawDir !== undefined ? [0] : sizes) {
    const srcDir = rawDir !== undefined ? path.resolve(rawDir) : synthCatalogue(n);
    const label = rawDir !== undefined ? `raw-${path.basename(srcDir)}` : path.basename(srcDir);
    const outDir = path.join(BENCH, "etl", label);
    const row = await runSize(label, srcDir, outDir, n);
    rows.push(row);
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    fs.appendFileSync(RESULTS, JSON.stringify(row) + "\n");
    if (values.sklearn && row.total !== undefined) await sklearnPeer(outDir, row);
  }
  printTable(rows);
  console.log(`\n(appended to ${path.relative(".", RESULTS)})`);
}
