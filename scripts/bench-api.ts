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
//
// What the figures include: every request carries its own non-loopback CF-Connecting-IP, so the
// rate-limit binding is consulted on every uncached request, as for real clients (a loopback
// client skips it, see src/middleware/rate-limit.ts), while no client reaches its limit.
import autocannon, { type Result } from "autocannon";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { SeedManifest as Manifest } from "../etl/seed-manifest.ts";
import { runEtl } from "../etl/pipeline.ts";
import { MOVIES_FILE, resolveSources, REAL_RAW_DIR } from "../etl/sources.ts";
import { BENCH_NO_CACHE_HEADER } from "../src/lib/bench.ts";
import { buildMix, MIX, readNames, ROUTES, type Route, type RouteMix } from "./bench-inputs.ts";
import { failures, fmt, markdownTable, rps, statuses } from "./bench-table.ts";
import { loadLocal } from "./load-local.ts";
import { startLocalServer, type LocalServer, type Runtime } from "./local-server.ts";
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
  },
});
const DURATION = Number(args.duration);
const SOAK = args.soak === undefined ? undefined : Number(args.soak);
const RUNTIME = args.runtime as Runtime;
const ORIGINAL = args.original?.replace(/\/+$/, "");
if (!(DURATION > 0 && DURATION <= 60) || (SOAK !== undefined && !(SOAK > 0 && SOAK <= 600))
  || !["miniflare", "wrangler-dev"].includes(RUNTIME) || (ORIGINAL !== undefined && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(ORIGINAL))) {
  console.error("usage: npm run bench:api [-- --duration 1..60] [-- --soak 1..600] [-- --original http://127.0.0.1:PORT] [-- --runtime miniflare|wrangler-dev]");
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
const nextIp = () => { ipCounter = (ipCounter + 1) % 65_536; return `10.77.${ipCounter >> 8}.${ipCounter & 255}`; };

interface LoadOptions { connections?: number; duration?: number; uncached?: boolean; plain?: boolean }

/** autocannon over `paths` in turn. `plain`: no bench headers (the original service). */
function load(base: string, paths: string[], opts: LoadOptions = {}): Promise<Result> {
  let i = 0;
  return autocannon({
    url: base,
    connections: opts.connections ?? CONNECTIONS,
    duration: opts.duration ?? DURATION,
    timeout: 10,
    requests: [{
      method: "GET",
      setupRequest: (req) => {
        req.path = paths[i++ % paths.length]!;
        if (!opts.plain) req.headers = { ...req.headers, "cf-connecting-ip": nextIp(), ...(opts.uncached ? { [BENCH_NO_CACHE_HEADER]: "1" } : {}) };
        return req;
      },
    }],
  });
}

/** Fetches every path once (a few at a time), so the cached runs start with a full cache. */
async function warmCache(base: string, paths: string[]) {
  const unique = [...new Set(paths)];
  for (let i = 0; i < unique.length; i += 8) {
    await Promise.all(unique.slice(i, i + 8).map(async (p) => {
      const res = await fetch(base + p, { headers: { "cf-connecting-ip": nextIp() }, signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
    }));
  }
}

const FLOORS = { noop: "/__bench/noop", d1: "/__bench/d1", kv: "/__bench/kv" } as const;
type Floor = keyof typeof FLOORS;
/** The floor a route's uncached figures compare with: the platform cost of the work it must do. */
const floorOf = (route: Route): Floor => (route === "recomendacion" ? "kv" : "d1"); // a recommendation hit is one KV read

interface RouteRuns { mix: Result; hits: Result; misses: Result; cached: Result; floor: number; noopFloor: number }

/** The server running now, so the watchdog can stop it. */
let running: LocalServer | undefined;

async function serverStarted(runtime: Runtime, label: string): Promise<LocalServer> {
  console.error(`[bench] starting ${label}`);
  const server = await startLocalServer({ persistTo: STATE, vars: { BENCH: "1" }, runtime, logFile: path.join(WORK, `${runtime}.log`) });
  running = server;
  return { ...server, stop: async () => { running = undefined; await server.stop(); } };
}

/** The no-op floor under wrangler dev, for comparison (its own server, stopped before ours starts). */
async function wranglerDevFloor(): Promise<Result> {
  const server = await serverStarted("wrangler-dev", "wrangler dev (comparison floor)");
  try {
    await load(server.base, [FLOORS.noop], { duration: 1 }); // warm-up
    return await load(server.base, [FLOORS.noop]);
  } finally {
    await server.stop();
  }
}

async function measureRoutes(server: LocalServer, mix: Record<Route, RouteMix>) {
  const floorRuns: Record<Floor, Result[]> = { noop: [], d1: [], kv: [] };
  // On a shared machine throughput drifts: each route is compared with its floor measured
  // just before it, not with one figure from the start of the run.
  const floor = async (f: Floor) => {
    const r = await load(server.base, [FLOORS[f]]);
    floorRuns[f].push(r);
    return r.requests.average;
  };
  for (const f of Object.keys(FLOORS) as Floor[]) await load(server.base, [FLOORS[f]], { duration: 1 }); // warm-up

  const runs = {} as Record<Route, RouteRuns>;
  for (const route of ROUTES) {
    const { all, hits, misses } = mix[route];
    await load(server.base, all, { duration: 1, uncached: true }); // warm-up
    const floorRps = await floor(floorOf(route));
    const uncached = await load(server.base, all, { uncached: true });
    const uncachedHits = await load(server.base, hits, { uncached: true });
    const uncachedMisses = await load(server.base, misses, { uncached: true });
    await warmCache(server.base, all);
    const noopFloor = await floor("noop");
    const cached = await load(server.base, all);
    console.error(`[bench] /${route}: uncached ${fmt(uncached.requests.average)} req/s (${floorOf(route)} floor ${fmt(floorRps)}), cached ${fmt(cached.requests.average)} req/s (noop floor ${fmt(noopFloor)})`);
    runs[route] = { mix: uncached, hits: uncachedHits, misses: uncachedMisses, cached, floor: floorRps, noopFloor };
  }
  return { runs, floorRuns };
}

/** The original service on the same mixes (it has no cache to bypass: one figure per route). */
async function measureOriginal(base: string, mix: Record<Route, RouteMix>): Promise<Record<Route, Result>> {
  const out = {} as Record<Route, Result>;
  for (const route of ROUTES) {
    await load(base, mix[route].all, { duration: 1, plain: true }); // warm-up
    out[route] = await load(base, mix[route].all, { plain: true });
    console.error(`[bench] original /${route}: ${fmt(out[route].requests.average)} req/s (${statuses(out[route])})`);
  }
  return out;
}

const best = (rs: Result[]) => rs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
const ratio = (a: number, b: number) => (b > 0 ? `${fmt(a / b, 2)}` : "");

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

  const serverLabel = RUNTIME === "miniflare" ? "Miniflare's API (npm start)" : "wrangler dev (npm run dev)";
  console.log(`\n### API bench: ${manifest.counts.movies} movies (${manifest.source.sample ? "sample" : manifest.source.dir}), ${serverLabel}, 127.0.0.1\n`);
  console.log(`${CONNECTIONS} connections, ${DURATION} s per row, one sitting; load average (1 min) ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${os.cpus().length} cores: indicative figures.`);
  console.log(`Mix per route: ${MIX.hits * 100}% hits in various spellings, ${MIX.shared * 100}% titles shared by several movies (half with ?anio=), ${MIX.misses * 100}% misses (typos: 404 + suggestions).`);
  console.log("Every request carries its own non-loopback CF-Connecting-IP: the rate limiter is consulted on each uncached request, as for real clients, and never trips.");
  console.log("req/s (p50 / p99 ms). Uncached: bench bypass header (no ETag, isolate memory or Cache API). Cached: after one pass over the mix.\n");

  const noop = best(floorRuns.noop);
  const floorRows = (Object.keys(FLOORS) as Floor[]).map((f) => [`\`${FLOORS[f]}\``, serverLabel, rps(best(floorRuns[f])), `best of ${floorRuns[f].length}`]);
  if (devFloor) floorRows.push([`\`${FLOORS.noop}\``, "wrangler dev (npm run dev)", rps(devFloor), `Miniflare ÷ wrangler dev = ${ratio(noop.requests.average, devFloor.requests.average)}×`]);
  console.log(markdownTable(["floor", "server", " req/s (p50 / p99)", "note"], floorRows));

  console.log("");
  const rows: string[][] = [];
  for (const route of ROUTES) {
    const r = runs[route];
    const f = floorOf(route);
    rows.push(
      [`\`/${route}\``, "uncached mix", rps(r.mix), `${f} ${fmt(r.floor)}`, ratio(r.mix.requests.average, r.floor), statuses(r.mix)],
      ["", "uncached hits", rps(r.hits), `${f} ${fmt(r.floor)}`, ratio(r.hits.requests.average, r.floor), statuses(r.hits)],
      ["", "uncached misses", rps(r.misses), `${f} ${fmt(r.floor)}`, ratio(r.misses.requests.average, r.floor), statuses(r.misses)],
      ["", "cached", rps(r.cached), `noop ${fmt(r.noopFloor)}`, ratio(r.cached.requests.average, r.noopFloor), statuses(r.cached)],
    );
  }
  console.log(markdownTable(["route", "mode", " req/s (p50 / p99)", "floor req/s", " ratio", "answers"], rows));

  if (original) {
    console.log(`\nvs the original FastAPI service at ${ORIGINAL} (same mixes, same machine, right after ours):\n`);
    console.log(markdownTable(
      ["route", " ours uncached", " ours cached", " original", " uncached ÷ original", "original's answers"],
      ROUTES.map((route) => [
        `\`/${route}\``, rps(runs[route].mix), rps(runs[route].cached), rps(original[route]),
        ratio(runs[route].mix.requests.average, original[route].requests.average), statuses(original[route]),
      ]),
    ));
  }

  // The targets of issue 11, stated for the reader (the exit code only reflects errors and 5xx).
  console.log("\nTargets:");
  const check = (ok: boolean, text: string) => console.log(`  ${ok ? "✓" : "✗"} ${text}`);
  if (devFloor) check(noop.requests.average >= 5 * devFloor.requests.average, `no-op floor ≥ 5× wrangler dev's (${ratio(noop.requests.average, devFloor.requests.average)}×)`);
  const low = (pick: (r: RouteRuns) => number, min: number) => ROUTES.filter((route) => pick(runs[route]) < min).map((r) => `/${r}`);
  const hitsLow = low((r) => r.hits.requests.average / r.floor, 0.8);
  check(hitsLow.length === 0, `every route uncached (hits) ≥ 0.8 of its floor${hitsLow.length ? `; below: ${hitsLow.join(", ")}` : ""}`);
  const cachedLow = low((r) => r.cached.requests.average / r.noopFloor, 0.8);
  check(cachedLow.length === 0, `every route cached ≥ 0.8 of the no-op floor${cachedLow.length ? `; below: ${cachedLow.join(", ")}` : ""}`);
  if (original) {
    const slow = ROUTES.filter((route) => runs[route].mix.requests.average < 2 * original[route].requests.average).map((r) => `/${r}`);
    check(slow.length === 0, `every route uncached ≥ 2× the original${slow.length ? `; below: ${slow.join(", ")}` : ""}`);
  }

  const bad = ROUTES.flatMap((route) => (["mix", "hits", "misses", "cached"] as const).filter((m) => failures(runs[route][m]) > 0).map((m) => `/${route} ${m}`));
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
    console.log(`\nsoak (${RUNTIME}): ${seconds} s, ${SOAK_CONNECTIONS} connections, ${fmt(r.requests.total)} requests, ${fmt(r.requests.average)} req/s; load average ${load0.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`);
    console.log(`  latency p50 ${fmt(r.latency.p50, 1)} ms, p99 ${fmt(r.latency.p99, 1)} ms, max ${fmt(r.latency.max, 1)} ms`);
    console.log(`  2xx ${fmt(r["2xx"])}, 4xx ${fmt(r["4xx"])}, 5xx ${fmt(r["5xx"])}, other ${fmt(r["1xx"] + r["3xx"])}, errors ${fmt(r.errors)}, timeouts ${fmt(r.timeouts)}`);
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
