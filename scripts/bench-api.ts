// `npm run bench:api`: the API under load, in one bounded sitting on 127.0.0.1.
//   1. seed: the real data (RAW_DIR, else ../shared/data/raw, else data/raw or the sample),
//      built by the ETL into .bench/seed when missing or stale, loaded into a private local
//      D1/KV (.bench/state);
//   2. for comparison, the no-op floor under `wrangler dev` (what `npm run dev` serves);
//   3. the Worker as `npm start` serves it (Miniflare's API, ./miniflare-server.ts) with BENCH=1
//      (the /__bench floor routes and the cache-bypass header), and autocannon, 10 connections,
//      for each route on its request mix (scripts/bench-inputs.ts): its floor (one D1 query, or
//      one KV read for /recomendacion), the route uncached (the mix, then its hits and its misses
//      alone), the no-op floor, the route cached;
//   4. with `--original URL`, the same mixes against the original FastAPI service there;
//   5. Markdown tables: floors, each route with its ratio to its floor, and ours vs the original.
// `--soak 60`: instead, 60 s at 64 connections over all routes' mixes (cache on): fails unless
// there are zero errors and zero 5xx. `--duration N`: seconds per measurement (5).
// `--runtime wrangler-dev`: the whole bench under `wrangler dev` instead of Miniflare's API.
// `--through-assets`: Miniflare's API with every request through the static-assets layer, as
// before the Worker's own paths were routed past it (scripts/direct-routes.ts): for comparison.
//
// What the figures include: every request carries its own non-loopback CF-Connecting-IP, so the
// rate-limit binding is consulted on every uncached request, as for real clients (a loopback
// client skips it, see src/middleware/rate-limit.ts), while no client reaches its limit.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type Result } from "autocannon";
import { runEtl } from "../etl/pipeline.ts";
import type { SeedManifest as Manifest } from "../etl/seed-manifest.ts";
import { MOVIES_FILE, REAL_RAW_DIR, resolveSources } from "../etl/sources.ts";
import { BENCH_NO_CACHE_HEADER } from "../src/lib/bench.ts";
import { buildMix, MIX, ROUTES, type Route, type RouteMix, readNames } from "./bench-inputs.ts";
import { cpuCell, failures, fmt, markdownTable, pooledCpu, type Run, rps, statuses } from "./bench-table.ts";
import { loadLocal } from "./load-local.ts";
import { type LocalServer, type Runtime, startLocalServer } from "./local-server.ts";
import { cpuMs, procAvailable, processNames, processTree, serverProcesses } from "./proc-cpu.ts";
import { seedStaleReason } from "./seed-state.ts";

const WORK = path.resolve(".bench");
const SEED = path.join(WORK, "seed");
const STATE = path.join(WORK, "state");
const LOADED = path.join(WORK, "loaded.json");
const CONNECTIONS = 10;
const SOAK_CONNECTIONS = 64;

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    soak: { type: "string" },
    original: { type: "string" },
    runtime: { type: "string", default: "miniflare" },
    "through-assets": { type: "boolean", default: false },
  },
});
const DURATION = Number(args.duration);
const SOAK = args.soak === undefined ? undefined : Number(args.soak);
const RUNTIME = args.runtime as Runtime;
const ORIGINAL = args.original?.replace(/\/+$/, "");
if (
  !(DURATION > 0 && DURATION <= 60) ||
  (SOAK !== undefined && !(SOAK > 0 && SOAK <= 600)) ||
  !["miniflare", "wrangler-dev"].includes(RUNTIME) ||
  (ORIGINAL !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(ORIGINAL))
) {
  console.error(
    "usage: npm run bench:api [-- --duration 1..60] [-- --soak 1..600] [-- --original http://127.0.0.1:PORT] [-- --runtime miniflare|wrangler-dev] [-- --through-assets]",
  );
  process.exit(2);
}

function sources() {
  if (process.env.RAW_DIR) return resolveSources(process.env.RAW_DIR);
  const real = REAL_RAW_DIR;
  return fs.existsSync(path.join(real, MOVIES_FILE)) ? resolveSources(real) : resolveSources();
}

async function prepareData(): Promise<Manifest> {
  const src = sources();
  const stale = seedStaleReason(SEED, src);
  if (stale) {
    console.error(`[bench] ${stale}: ETL from ${src.isSample ? "the bundled sample" : src.dir} -> ${SEED}`);
    fs.rmSync(SEED, { recursive: true, force: true });
    await runEtl({ sources: src, outDir: SEED, quiet: true });
  }
  const manifest: Manifest = JSON.parse(fs.readFileSync(path.join(SEED, "manifest.json"), "utf8"));
  const marker = `${manifest.version}:${manifest.code}`;
  if (!fs.existsSync(LOADED) || fs.readFileSync(LOADED, "utf8") !== marker) {
    fs.rmSync(STATE, { recursive: true, force: true });
    await loadLocal(SEED, { persistTo: STATE });
    fs.writeFileSync(LOADED, marker);
  }
  console.error(`[bench] data: ${manifest.source.sample ? "bundled sample" : manifest.source.dir}, ${manifest.counts.movies} movies, seed ${manifest.version}`);
  return manifest;
}

/** A client address per request: the rate limit counts each one separately. */
let ipCounter = 0;
const nextIp = () => {
  ipCounter = (ipCounter + 1) % 65_536;
  return `10.77.${ipCounter >> 8}.${ipCounter & 255}`;
};

interface LoadOptions {
  connections?: number;
  duration?: number;
  uncached?: boolean;
  plain?: boolean;
}

/** Servers whose processes are a tree under a known pid rather than the port's listener. */
const rootPids = new Map<string, number>();

/** The processes serving `base` (see ./proc-cpu.ts), found again for every row. */
function serverOf(base: string): number[] {
  if (!procAvailable()) return [];
  const root = rootPids.get(base);
  return root === undefined ? serverProcesses(Number(new URL(base).port)) : processTree([root]);
}

/**
 * autocannon over `paths` in turn, and the CPU time the server's processes spent meanwhile per
 * answered request. `plain`: no bench headers (the original service).
 */
async function load(base: string, paths: string[], opts: LoadOptions = {}): Promise<Run> {
  const procs = serverOf(base);
  const cpu0 = cpuMs(procs);
  const result = await drive(base, paths, opts);
  const cpu = cpuMs(procs) - cpu0;
  if (!procs.length || !result.requests.total) return result;
  return { ...result, cpuMs: cpu, cpuMsPerRequest: cpu / result.requests.total };
}

function drive(base: string, paths: string[], opts: LoadOptions): Promise<Result> {
  let i = 0;
  return autocannon({
    url: base,
    connections: opts.connections ?? CONNECTIONS,
    duration: opts.duration ?? DURATION,
    timeout: 10,
    requests: [
      {
        method: "GET",
        setupRequest: (req) => {
          req.path = paths[i++ % paths.length]!;
          if (!opts.plain) req.headers = { ...req.headers, "cf-connecting-ip": nextIp(), ...(opts.uncached ? { [BENCH_NO_CACHE_HEADER]: "1" } : {}) };
          return req;
        },
      },
    ],
  });
}

/** Fetches every path once (a few at a time), so the cached runs start with a full cache. */
async function warmCache(base: string, paths: string[]) {
  const unique = [...new Set(paths)];
  for (let i = 0; i < unique.length; i += 8) {
    await Promise.all(
      unique.slice(i, i + 8).map(async (p) => {
        const res = await fetch(base + p, { headers: { "cf-connecting-ip": nextIp() }, signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
      }),
    );
  }
}

const FLOORS = { noop: "/__bench/noop", d1: "/__bench/d1", kv: "/__bench/kv" } as const;
type Floor = keyof typeof FLOORS;
/** The floor a route's uncached figures compare with: the platform cost of the work it must do. */
const floorOf = (route: Route): Floor => (route === "recomendacion" ? "kv" : "d1"); // a recommendation hit is one KV read

interface RouteRuns {
  mix: Run;
  hits: Run;
  misses: Run;
  cached: Run;
  floor: Run;
  noopFloor: Run;
}

/** The server running now, so the watchdog can stop it. */
let running: LocalServer | undefined;

async function serverStarted(runtime: Runtime, label: string): Promise<LocalServer> {
  console.error(`[bench] starting ${label}`);
  const server = await startLocalServer({
    persistTo: STATE,
    vars: { BENCH: "1" },
    runtime,
    logFile: path.join(WORK, `${runtime}.log`),
    directRoutes: !args["through-assets"],
  });
  running = server;
  if (server.rootPid !== undefined) rootPids.set(server.base, server.rootPid);
  const procs = serverOf(server.base);
  console.error(`[bench] CPU counted for ${procs.length ? processNames(procs).join(", ") : "nothing (no /proc)"}`);
  return {
    ...server,
    stop: async () => {
      running = undefined;
      rootPids.delete(server.base);
      await server.stop();
    },
  };
}

/** The no-op floor under wrangler dev, for comparison (its own server, stopped before ours starts). */
async function wranglerDevFloor(): Promise<Run> {
  const server = await serverStarted("wrangler-dev", "wrangler dev (comparison floor)");
  try {
    await load(server.base, [FLOORS.noop], { duration: 1 }); // warm-up
    return await load(server.base, [FLOORS.noop]);
  } finally {
    await server.stop();
  }
}

async function measureRoutes(server: LocalServer, mix: Record<Route, RouteMix>) {
  const floorRuns: Record<Floor, Run[]> = { noop: [], d1: [], kv: [] };
  // On a shared machine throughput drifts: each route is compared with its floor measured
  // just before it, not with one figure from the start of the run.
  const floor = async (f: Floor) => {
    const r = await load(server.base, [FLOORS[f]]);
    floorRuns[f].push(r);
    return r;
  };
  for (const f of Object.keys(FLOORS) as Floor[]) await load(server.base, [FLOORS[f]], { duration: 1 }); // warm-up

  const runs = {} as Record<Route, RouteRuns>;
  for (const route of ROUTES) {
    const { all, hits, misses } = mix[route];
    await load(server.base, all, { duration: 1, uncached: true }); // warm-up
    const floorRun = await floor(floorOf(route));
    const uncached = await load(server.base, all, { uncached: true });
    const uncachedHits = await load(server.base, hits, { uncached: true });
    const uncachedMisses = await load(server.base, misses, { uncached: true });
    await warmCache(server.base, all);
    const noopFloor = await floor("noop");
    const cached = await load(server.base, all);
    console.error(
      `[bench] /${route}: uncached ${fmt(uncached.requests.average)} req/s ${cpuCell(uncached)} ms CPU (${floorOf(route)} floor ${fmt(floorRun.requests.average)}, ${cpuCell(floorRun)}), cached ${fmt(cached.requests.average)} req/s ${cpuCell(cached)} ms CPU (noop floor ${fmt(noopFloor.requests.average)}, ${cpuCell(noopFloor)})`,
    );
    runs[route] = { mix: uncached, hits: uncachedHits, misses: uncachedMisses, cached, floor: floorRun, noopFloor };
  }
  return { runs, floorRuns };
}

/** The original service on the same mixes (it has no cache to bypass: one figure per route). */
async function measureOriginal(base: string, mix: Record<Route, RouteMix>): Promise<Record<Route, Run>> {
  const procs = serverOf(base);
  console.error(`[bench] original: CPU counted for ${procs.length ? processNames(procs).join(", ") : "nothing (not found by its port)"}`);
  const out = {} as Record<Route, Run>;
  for (const route of ROUTES) {
    await load(base, mix[route].all, { duration: 1, plain: true }); // warm-up
    out[route] = await load(base, mix[route].all, { plain: true });
    console.error(`[bench] original /${route}: ${fmt(out[route].requests.average)} req/s, ${cpuCell(out[route])} ms CPU (${statuses(out[route])})`);
  }
  return out;
}

const best = (rs: Run[]) => rs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 2)}` : "");
/** How many times cheaper `ours` is than `theirs` in CPU per request (their ms ÷ our ms). */
const cpuRatio = (theirs: number | undefined, ours: number | undefined) => (theirs !== undefined && ours ? ratio(theirs, ours) : "n/a");

async function bench(manifest: Manifest): Promise<number> {
  const load0 = os.loadavg()[0]!;
  const devFloor = RUNTIME === "miniflare" ? await wranglerDevFloor() : undefined;
  const server = await serverStarted(RUNTIME, RUNTIME === "miniflare" ? "the Worker on Miniflare's API (as npm start)" : "wrangler dev");
  const mix = buildMix(readNames(STATE));
  let measured: Awaited<ReturnType<typeof measureRoutes>>;
  try {
    measured = await measureRoutes(server, mix);
  } finally {
    await server.stop();
  }
  const original = ORIGINAL ? await measureOriginal(ORIGINAL, mix) : undefined;
  const { runs, floorRuns } = measured;
  const load1 = os.loadavg()[0]!;

  const serverLabel =
    RUNTIME === "wrangler-dev" ? "wrangler dev (npm run dev)" : args["through-assets"] ? "Miniflare's API, all through assets" : "Miniflare's API (npm start)";
  console.log(`\n### API bench: ${manifest.counts.movies} movies (${manifest.source.sample ? "sample" : manifest.source.dir}), ${serverLabel}, 127.0.0.1\n`);
  console.log(
    `${CONNECTIONS} connections, ${DURATION} s per row, one sitting; load average (1 min) ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${os.cpus().length} cores: indicative figures.`,
  );
  console.log(
    `Mix per route: ${MIX.hits * 100}% hits in various spellings, ${MIX.shared * 100}% titles shared by several movies (half with ?anio=), ${MIX.misses * 100}% misses (typos: 404 + suggestions).`,
  );
  console.log(
    "Every request carries its own non-loopback CF-Connecting-IP: the rate limiter is consulted on each uncached request, as for real clients, and never trips.",
  );
  console.log("req/s (p50 / p99 ms). Uncached: bench bypass header (no ETag, isolate memory or Cache API). Cached: after one pass over the mix.");
  console.log(
    "CPU: ms of CPU (user + system) the server's processes spent per answered request, from /proc (workerd for ours; wrangler's proxy and its workerd for wrangler dev; the Python process for the original).",
  );
  console.log(
    'It varies far less with the machine\'s load than req/s does: on a busy machine, compare CPU ratios ("by CPU"), which predict the idle req/s ratios of single-threaded servers.\n',
  );

  const noop = best(floorRuns.noop);
  const floorCpu = (f: Floor) => pooledCpu(floorRuns[f]);
  const floorRows = (Object.keys(FLOORS) as Floor[]).map((f) => [
    `\`${FLOORS[f]}\``,
    serverLabel,
    rps(best(floorRuns[f])),
    cpuCell(floorCpu(f)),
    `best of ${floorRuns[f].length}; CPU over all ${floorRuns[f].length}`,
  ]);
  if (devFloor) {
    floorRows.push([
      `\`${FLOORS.noop}\``,
      "wrangler dev (npm run dev)",
      rps(devFloor),
      cpuCell(devFloor),
      `Miniflare ÷ wrangler dev = ${ratio(noop.requests.average, devFloor.requests.average)}×, by CPU ${cpuRatio(devFloor.cpuMsPerRequest, floorCpu("noop"))}×`,
    ]);
  }
  console.log(markdownTable(["floor", "server", " req/s (p50 / p99)", " CPU ms/req", "note"], floorRows));

  console.log("");
  const rows: string[][] = [];
  for (const route of ROUTES) {
    const r = runs[route];
    const f = floorOf(route);
    // req/s against the floor measured just before; CPU against the floor's CPU over all its rows.
    const row = (label: string, run: Run, against: Run, name: Floor) => [
      label,
      rps(run),
      cpuCell(run),
      `${name} ${fmt(against.requests.average)}`,
      ratio(run.requests.average, against.requests.average),
      cpuCell(floorCpu(name)),
      cpuRatio(floorCpu(name), run.cpuMsPerRequest),
      statuses(run),
    ];
    rows.push(
      [`\`/${route}\``, ...row("uncached mix", r.mix, r.floor, f)],
      ["", ...row("uncached hits", r.hits, r.floor, f)],
      ["", ...row("uncached misses", r.misses, r.floor, f)],
      ["", ...row("cached", r.cached, r.noopFloor, "noop")],
    );
  }
  console.log(markdownTable(["route", "mode", " req/s (p50 / p99)", " CPU ms/req", "floor req/s", " ratio", " floor CPU", " ratio by CPU", "answers"], rows));

  if (original) {
    console.log(`\nvs the original FastAPI service at ${ORIGINAL} (same mixes, same machine, right after ours):\n`);
    console.log(
      markdownTable(
        [
          "route",
          " ours uncached",
          " CPU",
          " ours cached",
          " CPU",
          " original",
          " CPU",
          " uncached ÷ original",
          " by CPU",
          " cached by CPU",
          "original's answers",
        ],
        ROUTES.map((route) => {
          const ours = runs[route];
          const theirs = original[route];
          return [
            `\`/${route}\``,
            rps(ours.mix),
            cpuCell(ours.mix),
            rps(ours.cached),
            cpuCell(ours.cached),
            rps(theirs),
            cpuCell(theirs),
            ratio(ours.mix.requests.average, theirs.requests.average),
            cpuRatio(theirs.cpuMsPerRequest, ours.mix.cpuMsPerRequest),
            cpuRatio(theirs.cpuMsPerRequest, ours.cached.cpuMsPerRequest),
            statuses(theirs),
          ];
        }),
      ),
    );
  }

  // The targets of issue 11, stated for the reader (the exit code only reflects errors and 5xx):
  // as measured in this sitting (req/s), and as the CPU per request predicts them on an idle machine.
  const check = (ok: boolean, text: string) => console.log(`  ${ok ? "✓" : "✗"} ${text}`);
  const targets = (label: string, speed: (r: Run) => number | undefined) => {
    console.log(`\nTargets, ${label}:`);
    const x = (a: Run, b: Run) => {
      const sa = speed(a);
      const sb = speed(b);
      return sa !== undefined && sb ? sa / sb : undefined;
    };
    const below = (pick: (r: RouteRuns) => number | undefined, min: number) => ROUTES.filter((route) => (pick(runs[route]) ?? 0) < min).map((r) => `/${r}`);
    const list = (names: string[]) => (names.length ? `; below: ${names.join(", ")}` : "");
    if (devFloor) {
      const d = x(noop, devFloor);
      check((d ?? 0) >= 5, `no-op floor ≥ 5× wrangler dev's (${d === undefined ? "n/a" : fmt(d, 2)}×)`);
    }
    const hitsLow = below((r) => x(r.hits, r.floor), 0.8);
    check(hitsLow.length === 0, `every route uncached (hits) ≥ 0.8 of its floor${list(hitsLow)}`);
    const cachedLow = below((r) => x(r.cached, r.noopFloor), 0.8);
    check(cachedLow.length === 0, `every route cached ≥ 0.8 of the no-op floor${list(cachedLow)}`);
    if (original) {
      const slow = ROUTES.filter((route) => (x(runs[route].mix, original[route]) ?? 0) < 2).map((r) => `/${r}`);
      check(slow.length === 0, `every route uncached ≥ 2× the original${list(slow)}`);
    }
  };
  targets("req/s in this sitting", (r) => r.requests.average);
  // For the floors, the CPU over all their rows (the req/s above uses each row's own floor).
  const pooled = new Map<Run, number | undefined>();
  for (const f of Object.keys(FLOORS) as Floor[]) for (const r of floorRuns[f]) pooled.set(r, floorCpu(f));
  pooled.set(noop, floorCpu("noop"));
  const cpuOf = (r: Run) => (pooled.has(r) ? pooled.get(r) : r.cpuMsPerRequest);
  if (cpuOf(noop) !== undefined)
    targets("predicted by CPU per request (1 ÷ CPU ms)", (r) => {
      const c = cpuOf(r);
      return c ? 1 / c : undefined;
    });

  const bad = ROUTES.flatMap((route) =>
    (["mix", "hits", "misses", "cached"] as const).filter((m) => failures(runs[route][m]) > 0).map((m) => `/${route} ${m}`),
  );
  if (bad.length) console.log(`\nFAIL: errors or unexpected statuses on ${bad.join(", ")}`);
  return bad.length ? 1 : 0;
}

async function soak(seconds: number): Promise<number> {
  const server = await serverStarted(RUNTIME, RUNTIME === "miniflare" ? "the Worker on Miniflare's API (as npm start)" : "wrangler dev");
  try {
    const mix = buildMix(readNames(STATE));
    // Interleave the routes: request i goes to route i mod 7.
    const paths = mix.peliculas_idioma.all.flatMap((_, i) => ROUTES.map((r) => mix[r].all[i]!));
    console.error(`[bench] soak: ${seconds} s at ${SOAK_CONNECTIONS} connections over ${paths.length} paths of the seven routes (cache on)`);
    const load0 = os.loadavg()[0]!;
    const r = await load(server.base, paths, { connections: SOAK_CONNECTIONS, duration: seconds });
    console.log(
      `\nsoak (${RUNTIME}): ${seconds} s, ${SOAK_CONNECTIONS} connections, ${fmt(r.requests.total)} requests, ${fmt(r.requests.average)} req/s; load average ${load0.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
    );
    console.log(
      `  latency p50 ${fmt(r.latency.p50, 1)} ms, p99 ${fmt(r.latency.p99, 1)} ms, max ${fmt(r.latency.max, 1)} ms; server CPU ${cpuCell(r)} ms per request`,
    );
    console.log(
      `  2xx ${fmt(r["2xx"])}, 4xx ${fmt(r["4xx"])}, 5xx ${fmt(r["5xx"])}, other ${fmt(r["1xx"] + r["3xx"])}, errors ${fmt(r.errors)}, timeouts ${fmt(r.timeouts)}`,
    );
    const ok = r.errors + r.timeouts + r["5xx"] === 0;
    console.log(ok ? "  PASS: zero errors, zero 5xx" : "  FAIL: errors or 5xx under load");
    return ok ? 0 : 1;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<number> {
  fs.mkdirSync(WORK, { recursive: true });
  const manifest = await prepareData();
  // Hard bound on the whole run, whatever happens.
  const budget = (SOAK ?? ROUTES.length * ((ORIGINAL ? 7 : 6) * DURATION + 30) + 2 * DURATION) + 300;
  const watchdog = setTimeout(async () => {
    console.error(`[bench] still running after ${budget} s: stopping`);
    await running?.stop();
    process.exit(1);
  }, budget * 1000);
  try {
    return SOAK !== undefined ? await soak(SOAK) : await bench(manifest);
  } finally {
    clearTimeout(watchdog);
  }
}

process.exitCode = await main();
