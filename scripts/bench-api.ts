// `npm run bench:api`: the API under load, in one bounded run on 127.0.0.1.
//   1. seed: the real data (RAW_DIR, else ../shared/data/raw, else data/raw or the sample),
//      built by the ETL into .bench/seed when missing or stale;
//   2. loaded into a private local D1/KV (.bench/state), served by `wrangler dev --var BENCH:1`
//      (which enables the /__bench floor routes and the cache-bypass header);
//   3. autocannon, 10 connections, for each route on its request mix (scripts/bench-inputs.ts):
//      its floor (one D1 query, or one KV read for /recomendacion), the route uncached, the
//      no-op floor, the route cached; then a table with each route's ratio to its floor.
// `-- --soak 60`: instead, 60 s at 64 connections over all routes' mixes (cache on): fails
// unless there are zero errors and zero 5xx. `-- --duration N`: seconds per measurement (5).
// Every request carries a different CF-Connecting-IP, so the rate limit stays on (per client)
// without limiting the bench.
import autocannon, { type Result } from "autocannon";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Manifest } from "../etl/pipeline.ts";
import { runEtl } from "../etl/pipeline.ts";
import { MOVIES_FILE, resolveSources } from "../etl/sources.ts";
import { BENCH_NO_CACHE_HEADER } from "../src/lib/bench.ts";
import { buildMix, MIX, readNames, ROUTES, type Route } from "./bench-inputs.ts";
import { loadLocal } from "./load-local.ts";
import { startLocalServer, type LocalServer } from "./local-server.ts";
import { seedStaleReason } from "./seed-state.ts";

const WORK = path.resolve(".bench");
const SEED = path.join(WORK, "seed");
const STATE = path.join(WORK, "state");
const LOADED = path.join(WORK, "loaded.json");
const CONNECTIONS = 10;
const SOAK_CONNECTIONS = 64;
/** The original FastAPI service on the same 4,995 movies and machine (issue 5), requests/s. */
const ORIGINAL: Partial<Record<Route, number>> = { peliculas_idioma: 10, get_director: 3, peliculas_duracion: 620, recomendacion: 620 };

const { values: args } = parseArgs({ options: { duration: { type: "string", default: "5" }, soak: { type: "string" } } });
const DURATION = Number(args.duration);
const SOAK = args.soak === undefined ? undefined : Number(args.soak);
if (!(DURATION > 0 && DURATION <= 60) || (SOAK !== undefined && !(SOAK > 0 && SOAK <= 600))) {
  console.error("usage: npm run bench:api [-- --duration 1..60] [-- --soak 1..600]");
  process.exit(2);
}

function sources() {
  if (process.env.RAW_DIR) return resolveSources(process.env.RAW_DIR);
  const real = path.resolve(process.env.REAL_RAW_DIR ?? "../shared/data/raw");
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
    loadLocal(SEED, { persistTo: STATE });
    fs.writeFileSync(LOADED, marker);
  }
  console.error(`[bench] data: ${manifest.source.sample ? "bundled sample" : manifest.source.dir}, ${manifest.counts.movies} movies, seed ${manifest.version}`);
  return manifest;
}

/** A client address per request: the rate limit counts each one separately. */
let ipCounter = 0;
const nextIp = () => { ipCounter = (ipCounter + 1) % 65_536; return `10.77.${ipCounter >> 8}.${ipCounter & 255}`; };

function load(base: string, paths: string[], opts: { connections: number; duration: number; uncached?: boolean }): Promise<Result> {
  let i = 0;
  return autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 10,
    requests: [{
      method: "GET",
      setupRequest: (req) => {
        req.path = paths[i++ % paths.length]!;
        req.headers = { ...req.headers, "cf-connecting-ip": nextIp(), ...(opts.uncached ? { [BENCH_NO_CACHE_HEADER]: "1" } : {}) };
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

interface Row { name: string; mode: string; r: Result; floor?: string; floorRps?: number }

const fmt = (n: number, d = 0) => n.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d });
const bad = (r: Result) => r["1xx"] + r["3xx"] + r["5xx"];

function printTable(rows: Row[]) {
  const header = ["route", "mode", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx/4xx", "4xx", "floor req/s", "ratio"];
  const lines = rows.map((row) => [
    row.name, row.mode, fmt(row.r.requests.average), fmt(row.r.latency.p50, 1), fmt(row.r.latency.p99, 1),
    fmt(row.r.errors + row.r.timeouts), fmt(bad(row.r)), fmt(row.r["4xx"]),
    row.floorRps ? `${row.floor} ${fmt(row.floorRps)}` : "", row.floorRps ? fmt(row.r.requests.average / row.floorRps, 2) : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 || i === 8 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(line(l));
}

const FLOORS = { noop: "/__bench/noop", d1: "/__bench/d1", kv: "/__bench/kv" } as const;
type Floor = keyof typeof FLOORS;

async function bench(server: LocalServer) {
  const mix = buildMix(readNames(STATE));
  const run = (paths: string[], uncached = false) => load(server.base, paths, { connections: CONNECTIONS, duration: DURATION, uncached });
  const floorRuns: Record<Floor, Result[]> = { noop: [], d1: [], kv: [] };
  // On a shared machine throughput drifts: each route is compared with its floor measured
  // just before it, not with one figure from the start of the run.
  const floor = async (f: Floor) => {
    const r = await run([FLOORS[f]]);
    floorRuns[f].push(r);
    return r.requests.average;
  };
  for (const f of Object.keys(FLOORS) as Floor[]) await load(server.base, [FLOORS[f]], { connections: CONNECTIONS, duration: 1 }); // warm-up

  const rows: Row[] = [];
  for (const route of ROUTES) {
    const { all: paths, hits, misses } = mix[route];
    const kind: Floor = route === "recomendacion" ? "kv" : "d1"; // a recommendation hit is one KV read
    await load(server.base, paths, { connections: CONNECTIONS, duration: 1, uncached: true }); // warm-up
    const uncachedFloor = await floor(kind);
    const uncached = await run(paths, true);
    const uncachedHits = await run(hits, true);
    const uncachedMisses = await run(misses, true);
    await warmCache(server.base, paths);
    const cachedFloor = await floor("noop");
    const cached = await run(paths);
    console.error(`[bench] /${route}: uncached ${fmt(uncached.requests.average)} req/s (${kind} floor ${fmt(uncachedFloor)}), cached ${fmt(cached.requests.average)} req/s (noop floor ${fmt(cachedFloor)})`);
    rows.push(
      { name: `/${route}`, mode: "uncached", r: uncached, floor: kind, floorRps: uncachedFloor },
      { name: "", mode: "  hits", r: uncachedHits, floor: kind, floorRps: uncachedFloor },
      { name: "", mode: "  misses", r: uncachedMisses, floor: kind, floorRps: uncachedFloor },
      { name: `/${route}`, mode: "cached", r: cached, floor: "noop", floorRps: cachedFloor },
    );
  }

  const src = JSON.parse(fs.readFileSync(path.join(SEED, "manifest.json"), "utf8")) as Manifest;
  console.log(`\nAPI bench: ${src.counts.movies} movies (${src.source.sample ? "sample" : src.source.dir}), ${CONNECTIONS} connections, ${DURATION} s per row, wrangler dev on 127.0.0.1, local D1/KV`);
  console.log(`mix: ${MIX.hits * 100}% hits, ${MIX.shared * 100}% titles shared by several movies (half with ?anio=), ${MIX.misses * 100}% misses (typos: 404 + suggestions)`);
  console.log("uncached: bench bypass header (no ETag/memory/Cache API), the mix and its hits and misses alone; cached: after one pass over the mix");
  console.log("ratio = route req/s ÷ its floor measured just before it (D1 routes: D1 floor; /recomendacion: KV floor; cached: no-op floor)\n");
  const floorRows: Row[] = (Object.keys(FLOORS) as Floor[]).map((f) => {
    const rs = floorRuns[f];
    const best = rs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
    return { name: FLOORS[f], mode: `best of ${rs.length}`, r: best };
  });
  printTable([...floorRows, ...rows]);

  console.log("\nvs the original FastAPI service (same data and machine), requests/s:");
  for (const [route, rps] of Object.entries(ORIGINAL)) {
    const get = (mode: string) => rows.find((r) => r.name === `/${route}` && r.mode === mode)!.r.requests.average;
    console.log(`  /${route}: ~${rps} → ${fmt(get("uncached"))} uncached (${fmt(get("uncached") / rps, 1)}×), ${fmt(get("cached"))} cached (${fmt(get("cached") / rps, 1)}×)`);
  }
  const failures = rows.filter((row) => row.r.errors + row.r.timeouts + bad(row.r) > 0);
  if (failures.length) console.log(`\nFAIL: errors or unexpected statuses on ${failures.map((f) => `${f.name} ${f.mode}`).join(", ")}`);
  return failures.length ? 1 : 0;
}

async function soak(server: LocalServer, seconds: number) {
  const mix = buildMix(readNames(STATE));
  // Interleave the routes: request i goes to route i mod 7.
  const paths = mix.peliculas_idioma.all.flatMap((_, i) => ROUTES.map((r) => mix[r].all[i]!));
  console.error(`[bench] soak: ${seconds} s at ${SOAK_CONNECTIONS} connections over ${paths.length} paths of the seven routes (cache on)`);
  const r = await load(server.base, paths, { connections: SOAK_CONNECTIONS, duration: seconds });
  console.log(`\nsoak: ${seconds} s, ${SOAK_CONNECTIONS} connections, ${fmt(r.requests.total)} requests, ${fmt(r.requests.average)} req/s`);
  console.log(`  latency p50 ${fmt(r.latency.p50, 1)} ms, p99 ${fmt(r.latency.p99, 1)} ms, max ${fmt(r.latency.max, 1)} ms`);
  console.log(`  2xx ${fmt(r["2xx"])}, 4xx ${fmt(r["4xx"])}, 5xx ${fmt(r["5xx"])}, other ${fmt(r["1xx"] + r["3xx"])}, errors ${fmt(r.errors)}, timeouts ${fmt(r.timeouts)}`);
  const ok = r.errors + r.timeouts + r["5xx"] === 0;
  console.log(ok ? "  PASS: zero errors, zero 5xx" : "  FAIL: errors or 5xx under load");
  return ok ? 0 : 1;
}

async function main(): Promise<number> {
  fs.mkdirSync(WORK, { recursive: true });
  await prepareData();
  console.error("[bench] starting wrangler dev (BENCH=1)");
  const server = await startLocalServer({ persistTo: STATE, vars: { BENCH: "1" }, logFile: path.join(WORK, "wrangler-dev.log") });
  // Hard bound on the whole run, whatever happens.
  const budget = (SOAK ?? ROUTES.length * (6 * DURATION + 30)) + 300;
  const watchdog = setTimeout(async () => {
    console.error(`[bench] still running after ${budget} s: stopping`);
    await server.stop();
    process.exit(1);
  }, budget * 1000);
  try {
    console.error(`[bench] ${server.base} (log: ${server.log})`);
    return SOAK !== undefined ? await soak(server, SOAK) : await bench(server);
  } finally {
    clearTimeout(watchdog);
    await server.stop();
  }
}

process.exitCode = await main();
