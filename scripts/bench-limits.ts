// `npm run bench:limits`: what every invocation of the Worker costs, measured against the
// Workers Free plan's limits, on the real data and on a 45k synthetic catalogue; then how many
// requests a day of a realistic mix the Free plan's daily quotas allow.
//
//   npm run bench:limits                          real data + 45k, routes and cron jobs
//   npm run bench:limits -- --data real           one catalogue (real | 45k | both)
//   npm run bench:limits -- --no-cron             fetch rows only (or --no-routes)
//   npm run bench:limits -- --samples 100 --warmup 20 --cold 5
//   npm run bench:limits -- --check               exit 1 if any figure is over a Free budget
//   npm run bench:limits -- --print               the tables of the last run again (.bench/limits/results.json),
//                                                 with the quota model's assumptions as given now
//   (quota model: --isolates 10 --isolate-life-min 60 --cached-share 0.2 --refresh-s <TTL>)
//
// Method (the README's "Platform limits" says the same):
//  - The Worker's real code: src/index.ts bundled by esbuild into one ES module (as wrangler
//    does for deploy), its default export's fetch() and scheduled() called in Node, with an
//    ExecutionContext whose waitUntil promises are awaited and counted in.
//  - Counts: every binding is wrapped (D1 prepare/bind/first/all/run/raw/batch/exec, KV
//    get/getWithMetadata/put/delete/list, R2 get/head/put/list/delete, caches.default
//    match/put/delete) and each call counted; D1 rows read/written are the sum of each
//    result's meta.rows_read / meta.rows_written. Subrequests = D1 calls (a batch is one) + KV
//    + R2 + Cache API calls. The bindings are wrangler's getPlatformProxy (workerd's D1/KV/R2)
//    on a private state under .bench/limits/, loaded as scripts/load-local.ts loads it.
//  - CPU: each invocation is recorded against those bindings, with every result taped, then
//    replayed by a fresh module instance, in a new Node process (V8 --single-threaded-gc: GC on
//    the isolate's thread; optimising compiles on V8's background thread, as in workerd, and
//    waited out before each measurement), against fakes that return the taped results at once
//    (JSON-parsed, as the binding's own JS would). process.cpuUsage() (user + system) around the
//    replayed handler is the Worker's own CPU, without the proxy's I/O and serialisation.
//    Warm: median and p99 over --samples invocations with distinct inputs after --warmup ones
//    of the same route. Cold: in new processes (new V8 isolates), Node's own
//    web APIs warmed first, the module's import (global scope) and the route's first call. Cron
//    jobs: every invocation, replayed on a fresh instance (and again warm, in parentheses).
//  - Heap: --expose-gc; a full GC before the invocation, heapUsed sampled at every binding call
//    and at the end; the peak minus the post-GC baseline (garbage included: an upper bound of
//    what the invocation adds to the isolate).
//  - Caches as on *.workers.dev (the Cache API does nothing) unless a row says custom domain.
//  - Node's V8 (see the output's header) is not workerd's; the figures are the Worker's own work
//    on this machine, not Cloudflare's accounting. Each figure is flagged against its budget.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { configuredCron, recordCron } from "./limits/cron.ts";
import { type Dataset, realDataset, seedFor, syntheticDataset, WORK } from "./limits/datasets.ts";
import { installGlobals } from "./limits/invoke.ts";
import { log } from "./limits/log.ts";
import { type ColdResult, recordSamples, resetsFor, runReplay } from "./limits/measure.ts";
import { LOCAL_FAILURE, LocalBindings, sampleFailedLocally } from "./limits/proxy.ts";
import { type QuotaAssumptions, quotaModel, refreshIntervalS } from "./limits/quota.ts";
import { cronTable, fetchTable, quotaTable } from "./limits/report.ts";
import { buildRows } from "./limits/rows.ts";
import { type CronResult, type RowResult, type SkippedRow, summariseCron, summariseRow } from "./limits/summary.ts";
import { bundleReplayWorker, bundleWorker } from "./limits/worker-bundle.ts";
import { loadLocal } from "./load-local.ts";

const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: "both" },
    movies: { type: "string", default: "45000" },
    samples: { type: "string", default: "100" },
    warmup: { type: "string", default: "20" },
    cold: { type: "string", default: "5" },
    "heap-samples": { type: "string", default: "10" },
    "no-cron": { type: "boolean", default: false },
    "no-routes": { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    print: { type: "boolean", default: false },
    "check-cold": { type: "boolean", default: false },
    isolates: { type: "string", default: "10" },
    "isolate-life-min": { type: "string", default: "60" },
    "cached-share": { type: "string", default: "0.2" },
    "refresh-s": { type: "string" },
  },
});
const int = (name: keyof typeof args, min: number) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const R = int("samples", 1);
const W = int("warmup", 0);
const COLD = int("cold", 0);
const HEAP = Math.min(int("heap-samples", 1), R);

function datasets(): Dataset[] {
  const want = args.data === "both" ? ["real", "45k"] : args.data!.split(",");
  const out: Dataset[] = [];
  if (want.includes("real")) {
    const real = realDataset();
    if (real) out.push(real);
    else log("no real data (RAW_DIR or ../shared/data/raw): skipped");
  }
  const synth = want.find((w) => w !== "real");
  if (synth) out.push(syntheticDataset(synth === "45k" ? int("movies", 1) : Number(synth.replace(/k$/, "")) * (synth.endsWith("k") ? 1000 : 1)));
  if (!out.length) throw new Error("no data set to measure");
  return out;
}

/** The base seed loaded into the routes' private state (once per seed and ETL code). */
async function routesState(ds: Dataset): Promise<string> {
  const { dir, manifest } = await seedFor(ds, "base");
  const state = path.join(WORK, ds.name, "routes-state");
  const marker = path.join(WORK, ds.name, "routes-loaded.json");
  const want = `${manifest.version}:${manifest.code}`;
  if (!fs.existsSync(marker) || fs.readFileSync(marker, "utf8") !== want) {
    for (let attempt = 1; ; attempt++) {
      fs.rmSync(state, { recursive: true, force: true });
      try {
        await loadLocal(dir, { persistTo: state });
        break;
      } catch (err) {
        // `wrangler d1 execute` goes through the same local proxy, which can fail under load.
        if (attempt === 2 || !LOCAL_FAILURE.test(String(err))) throw err;
        log(`${ds.name}: the local load failed in wrangler's proxy; loading again`);
      }
    }
    fs.writeFileSync(marker, want);
  }
  return state;
}

/** The dataset-version refresh interval of the quota model, and where it comes from. */
function refreshInterval(): { refreshS: number; refreshFrom: string } {
  if (args["refresh-s"]) return { refreshS: Number(args["refresh-s"]), refreshFrom: "--refresh-s" };
  const s = refreshIntervalS();
  return s ? { refreshS: s, refreshFrom: "TTL_MS in src/db/dataset.ts" } : { refreshS: 60, refreshFrom: "assumed; give --refresh-s" };
}

interface DatasetResult {
  dataset: string;
  label: string;
  movies: number;
  rows: RowResult[];
  skipped: SkippedRow[];
  cron?: CronResult[];
}

async function measureRoutes(ds: Dataset, bundle: { file: string; resets: string[] }, probe: string) {
  const state = await routesState(ds);
  const specs = buildRows(state, W + R);
  const skipped: SkippedRow[] = [];
  const runnable = specs.filter((s) => {
    const missing = (s.needs ?? []).filter((k) => !resetsFor(bundle.resets, k).length);
    if (!s.samples.length) skipped.push({ id: s.id, route: s.route, case: s.case, skipped: "no inputs in this catalogue" });
    else if (missing.length)
      skipped.push({ id: s.id, route: s.route, case: s.case, skipped: `the Worker exports no forget*() for its ${missing.join(", ")} cache` });
    else return true;
    return false;
  });

  log(`${ds.name}: recording ${runnable.length} rows × ${W + R} samples against the local bindings`);
  const local = await new LocalBindings(state).open();
  const recorded = [];
  try {
    for (const [i, spec] of runnable.entries()) {
      const t0 = performance.now();
      let rec = await recordSamples(bundle.file, local.env, spec.samples, spec.cache);
      // A failure of the local proxy (not of the Worker) spoils the row, and the proxy with it.
      for (let attempt = 2; attempt <= 3 && rec.some(sampleFailedLocally); attempt++) {
        log(`  ${spec.route} ${spec.case}: the local proxy failed; new proxy, recording again (attempt ${attempt})`);
        await local.reopen();
        rec = await recordSamples(bundle.file, local.env, spec.samples, spec.cache);
      }
      recorded.push(rec);
      log(`  [${i + 1}/${runnable.length}] ${spec.route} ${spec.case}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await local.close();
  }

  log(`${ds.name}: replaying (CPU, heap, ${COLD} cold runs per row)`);
  const rows: RowResult[] = [];
  for (const [i, spec] of runnable.entries()) {
    const rec = recorded[i]!;
    try {
      const t0 = performance.now();
      const task = { bundle: bundle.file, specs: spec.samples, recorded: rec, cache: spec.cache };
      const { cpu, heap } = await runReplay(probe, { ...task, kind: "row", from: W, heapFrom: W + R - HEAP });
      const t1 = performance.now();
      const cold: ColdResult[] = [];
      for (let k = 0; k < COLD; k++) cold.push(await runReplay(probe, { ...task, kind: "cold", specs: [spec.samples[0]!], recorded: [rec[0]!] }));
      const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
      log(`  [${i + 1}/${runnable.length}] ${spec.route} ${spec.case}: replay ${s(t0, t1)} s, cold ${s(t1, performance.now())} s`);
      rows.push(
        summariseRow(
          spec,
          rec.slice(W).map((s) => s.measured),
          cpu,
          heap,
          cold,
        ),
      );
    } catch (err) {
      skipped.push({ id: spec.id, route: spec.route, case: spec.case, skipped: `replay failed: ${(err as Error).message}` });
    }
  }
  return { rows, skipped };
}

async function measureCron(ds: Dataset, bundle: { file: string }, probe: string): Promise<CronResult[]> {
  const jobs = await recordCron(ds, bundle.file);
  log(`${ds.name}: replaying the cron jobs (CPU, warm CPU, heap)`);
  const out: CronResult[] = [];
  for (const job of jobs) {
    const recorded = job.samples.map((s) => s.measured);
    try {
      const { cpu, warm, heap } = await runReplay(probe, {
        kind: "cron",
        bundle: bundle.file,
        specs: job.specs,
        recorded: job.samples,
        cache: "workers.dev",
        from: 0,
        heapFrom: 0,
      });
      out.push(summariseCron(job.scenario.id, job.scenario.label, job, recorded, cpu, warm!, heap));
    } catch (err) {
      const none = recorded.map(() => ({ cpuMs: NaN, wallMs: NaN, heapPeak: NaN }));
      const r = summariseCron(job.scenario.id, job.scenario.label, job, recorded, none, none, none);
      r.errors.unshift(`replay failed: ${(err as Error).message}`);
      out.push(r);
    }
  }
  return out;
}

/** What a run was: where and how it measured (printed above the tables, saved with them). */
interface RunInfo {
  at: string;
  node: string;
  v8: string;
  cpus: string;
  load: [number[], number[]];
  minutes: number;
  samples: number;
  warmup: number;
  cold: number;
  heapSamples: number;
}
interface Saved {
  run: RunInfo;
  results: DatasetResult[];
}
const RESULTS = path.join(WORK, "results.json");

async function measure(): Promise<Saved> {
  const load0 = os.loadavg();
  const t0 = performance.now();
  fs.mkdirSync(WORK, { recursive: true });
  installGlobals();
  const bundleDir = path.join(WORK, "bundle");
  const bundle = await bundleWorker(bundleDir);
  const probe = await bundleReplayWorker(bundleDir);
  const results: DatasetResult[] = [];
  for (const ds of datasets()) {
    const { manifest } = await seedFor(ds, "base");
    const r: DatasetResult = { dataset: ds.name, label: ds.label, movies: manifest.counts.movies ?? 0, rows: [], skipped: [] };
    if (!args["no-routes"]) Object.assign(r, await measureRoutes(ds, bundle, probe));
    if (!args["no-cron"]) r.cron = await measureCron(ds, bundle, probe);
    results.push(r);
  }
  const run: RunInfo = {
    at: new Date().toISOString(),
    node: process.versions.node,
    v8: process.versions.v8,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}`,
    load: [load0, os.loadavg()],
    minutes: (performance.now() - t0) / 60_000,
    samples: R,
    warmup: W,
    cold: COLD,
    heapSamples: HEAP,
  };
  const saved: Saved = { run, results };
  fs.writeFileSync(RESULTS, JSON.stringify(saved, null, 1));
  return saved;
}

/** Prints the tables and the budget summary; returns the figures over budget. */
function report({ run, results }: Saved): string[] {
  const cron = configuredCron();
  const assumptions: QuotaAssumptions = {
    cachedShare: Number(args["cached-share"]),
    isolates: int("isolates", 1),
    lifetimeMin: int("isolate-life-min", 1),
    ...refreshInterval(),
    cron,
  };
  const loads = run.load.map((l) => l.map((x) => x.toFixed(1)).join("/")).join(" → ");
  console.log(`\n## bench:limits — ${run.at.slice(0, 16)}Z, Node ${run.node} (V8 ${run.v8}), ${run.cpus}`);
  console.log(
    `load average (1/5/15 min) ${loads}; ${run.samples} samples after ${run.warmup} warm-up per row, ${run.cold} cold runs, heap over the last ${run.heapSamples}; ${run.minutes.toFixed(1)} min`,
  );
  console.log(
    "CPU = the Worker's own code (replayed against taped binding results, process.cpuUsage); counts from the recording against local D1/KV/R2; caches as on *.workers.dev unless said. Budgets: Free plan (issue 10).",
  );
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const r of results) {
    console.log(`\n### ${r.dataset}: ${r.label}, ${r.movies.toLocaleString("en")} movies\n`);
    if (r.rows.length || r.skipped.length) {
      console.log(fetchTable(r.rows, r.skipped));
      for (const row of r.rows) {
        problems.push(...row.flags.map((f) => `${r.dataset} ${row.route} ${row.case}: ${f}`));
        if (row.errors.length) warnings.push(`${r.dataset} ${row.route} ${row.case}: ${row.errors[0]}`);
        (args["check-cold"] ? problems : warnings).push(...row.coldFlags.map((f) => `${r.dataset} ${row.route} ${row.case}: ${f}`));
      }
      problems.push(...r.skipped.filter((s) => s.skipped.startsWith("replay")).map((s) => `${r.dataset} ${s.route} ${s.case}: ${s.skipped}`));
    }
    if (r.cron) {
      console.log(
        `\nCron jobs (\`${cron}\`), every scheduled() invocation until the job is done; CPU of a fresh module instance (warm re-run in parentheses):\n`,
      );
      console.log(cronTable(r.cron));
      for (const j of r.cron) {
        if (!j.done) problems.push(`${r.dataset} cron ${j.label}: not finished in ${j.invocations.length} invocations`);
        if (j.published && j.served !== j.published) problems.push(`${r.dataset} cron ${j.label}: serves ${j.served}, published ${j.published}`);
        for (const inv of j.invocations) problems.push(...inv.flags.map((f) => `${r.dataset} cron ${j.label} run ${inv.n}: ${f}`));
      }
    }
    if (r.rows.length) {
      console.log(`\nDaily quotas, ${r.dataset}:\n`);
      console.log(quotaTable(quotaModel(r.rows, r.cron, assumptions), assumptions));
    }
  }
  if (warnings.length) console.log(`\nWarnings:\n${warnings.map((w) => `- ${w}`).join("\n")}`);
  console.log(
    problems.length
      ? `\nOver a Free-plan budget (${problems.length}):\n${problems.map((p) => `- ${p}`).join("\n")}`
      : "\nEvery figure is within the Free-plan budgets.",
  );
  return problems;
}

async function main(): Promise<number> {
  if (args.print && !fs.existsSync(RESULTS)) throw new Error(`${RESULTS} not found: run npm run bench:limits first`);
  const saved: Saved = args.print ? JSON.parse(fs.readFileSync(RESULTS, "utf8")) : await measure();
  const problems = report(saved);
  if (!args.print) log(`results: ${path.relative(".", RESULTS)} (print again with --print)`);
  return args.check && problems.length ? 1 : 0;
}

process.exitCode = await main();
