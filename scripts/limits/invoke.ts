// One invocation of the Worker's handlers (fetch or scheduled) in Node, as the runtime makes it:
// a Request (or a scheduled controller), the env, and an ExecutionContext whose waitUntil
// promises are awaited after the handler (their work is the invocation's too). Records what it
// cost: the bindings' counts (./bindings.ts), and, when asked, the CPU time or the heap.
//
// Globals a Worker has and Node 20 lacks are installed once (installGlobals): `caches` (a fake
// per phase, see cacheStorage), `crypto.subtle.timingSafeEqual`, `navigator.userAgent`. Date.now
// is shifted per invocation during replay, so code that reads the clock (the dataset's 60 s TTL,
// reseed leases) decides exactly as it did in the recording.
import { timingSafeEqual } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Call, type Counts, ReplayDivergence, type Slot, useSlot, zeroCounts } from "./bindings.ts";
import type { WorkerModule } from "./worker-module.ts";

export type Invocation =
  | { kind: "fetch"; path: string; headers?: Record<string, string> /** send the ETag of the previous step as If-None-Match */; ifNoneMatch?: boolean }
  | { kind: "scheduled"; cron: string };

/** What one invocation did: its counts and tape (recording), status, logs, and measurements. */
export interface Outcome {
  counts: Counts;
  tape: Call[];
  /** Date.now() when it started (replay shifts the clock to this). */
  startedAt: number;
  status?: number;
  etag?: string | null;
  xCache?: string | null;
  body?: string;
  /** console.log / console.error lines written during the invocation. */
  logs: string[];
  errors: string[];
  cpuMs?: number;
  wallMs?: number;
  /** Peak heap growth over the invocation, bytes (heap mode). */
  heapPeak?: number;
}

export const ORIGIN = "https://movies-edge-api.example.workers.dev";
/** Every request through Cloudflare carries the client's address (the rate limit keys on it). */
const CLIENT_IP = "198.51.100.7";

let cachesImpl: unknown;
const realNow = Date.now.bind(Date);
let clockOffset = 0;
let gcFn: (() => void) | undefined;

export function installGlobals() {
  const g = globalThis as Record<string, unknown>;
  if (g.__limitsGlobals) return;
  g.__limitsGlobals = true;
  Object.defineProperty(globalThis, "caches", { configurable: true, get: () => cachesImpl });
  const subtle = crypto.subtle as unknown as Record<string, unknown>;
  if (!subtle.timingSafeEqual) {
    subtle.timingSafeEqual = (a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView) => {
      const bytes = (x: ArrayBuffer | ArrayBufferView) => (ArrayBuffer.isView(x) ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength) : new Uint8Array(x));
      return timingSafeEqual(bytes(a), bytes(b));
    };
  }
  if (!g.navigator) g.navigator = { userAgent: "Cloudflare-Workers" };
  Date.now = () => realNow() + clockOffset;
  setFlagsFromString("--expose-gc");
  gcFn = runInNewContext("gc") as () => void;
}

/**
 * Runs the platform APIs a Worker uses (Request, Response, Headers, URL, streams, TextEncoder,
 * JSON, Web Crypto) until Node has compiled and optimised them. Node implements most of them in
 * JavaScript (undici), compiled on first use in each isolate; workerd implements them natively.
 * A cold measurement that should show the Worker's own code warms them first.
 */
export async function warmPlatform(rounds = 200) {
  for (let i = 0; i < rounds; i++) {
    const url = new URL(`${ORIGIN}/warm/${i}?q=${i}&page=2`);
    const req = new Request(url, { headers: { "cf-connecting-ip": CLIENT_IP, "if-none-match": `"${i}"`, accept: "application/json" } });
    req.headers.get("if-none-match");
    [...req.headers];
    const res = new Response(JSON.stringify({ i, url: url.pathname, q: url.searchParams.get("q") }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
    res.headers.set("etag", `"w${i}"`);
    const copy = new Response(res.clone().body, res);
    await copy.arrayBuffer();
    JSON.parse(new TextDecoder().decode(new TextEncoder().encode(await res.text())));
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(url.href));
    decodeURIComponent(url.pathname);
  }
}

/**
 * Runs the harness's own replay path (invoke, the binding fakes, the tape) on a stand-in Worker,
 * so that a cold measurement does not count compiling the harness.
 */
export async function warmHarness(env: unknown, rounds = 200) {
  const db = (
    env as {
      DB: { prepare(s: string): { bind(...v: unknown[]): { all(): Promise<unknown>; first(): Promise<unknown> } }; batch(s: unknown[]): Promise<unknown> };
    }
  ).DB;
  const kvNs = (env as { RECS: { get(k: string, o: unknown): Promise<unknown> } }).RECS;
  const standIn = {
    default: {
      async fetch(req: Request) {
        const q = db.prepare("SELECT ?1 AS v").bind(new URL(req.url).pathname);
        await q.all();
        await q.first();
        await db.batch([q, q]);
        await kvNs.get("k", { type: "json" });
        return new Response(JSON.stringify({ ok: true }), { headers: { "content-type": "application/json" } });
      },
    },
    resets: {},
  } satisfies WorkerModule;
  const one = JSON.stringify({ results: [{ v: 1 }], success: true, meta: { rows_read: 1, rows_written: 0 } });
  const tape = (): Call[] => [
    { service: "d1", op: "all", target: "SELECT ?1 AS v", result: { kind: "json", text: one } },
    { service: "d1", op: "first", target: "SELECT ?1 AS v", result: { kind: "json", text: one } },
    { service: "d1", op: "batch", target: "SELECT ?1 AS v\n;\nSELECT ?1 AS v", result: { kind: "json", text: `[${one},${one}]` } },
    { service: "kv", op: "get", target: "k", result: { kind: "json", text: JSON.stringify(JSON.stringify({ a: [1, 2, 3] })) } },
  ];
  for (let i = 0; i < rounds; i++) {
    await invoke(standIn, env, { kind: "fetch", path: `/warm/${i}` }, { replay: { tape: tape(), startedAt: Date.now() }, measure: "cpu" });
  }
}

/** The Cache API implementation the Worker sees as `caches` from now on. */
export function useCaches(impl: unknown) {
  cachesImpl = impl;
}

export interface InvokeOptions {
  /** Replay this tape (fakes in env) instead of recording. */
  replay?: { tape: Call[]; startedAt: number };
  measure?: "cpu" | "heap";
  /** ETag of the previous step, for `ifNoneMatch`. */
  etag?: string | null;
  /** Keep the response body as text in Outcome.body. */
  keepBody?: boolean;
  /** Recording: the clock the Worker sees runs this far ahead of the real one (the cron's minutes). */
  clockShiftMs?: number;
}

const cpuMsSince = (t0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
};

/**
 * Waits until the process does nothing for a moment: V8's background compiles (and anything else
 * the previous invocation left running) finish before the next measurement starts, instead of
 * being counted in it.
 */
export async function quiesce(maxMs = 500) {
  const until = performance.now() + maxMs;
  while (performance.now() < until) {
    const c0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 2));
    if (cpuMsSince(c0) < 0.25) return;
  }
}

export async function invoke(mod: WorkerModule, env: unknown, inv: Invocation, opts: InvokeOptions = {}): Promise<Outcome> {
  clockOffset = opts.replay ? opts.replay.startedAt - realNow() : (opts.clockShiftMs ?? 0);
  const slot: Slot = { counts: zeroCounts(), tape: opts.replay ? opts.replay.tape : [], pos: 0 };
  const out: Outcome = { counts: slot.counts, tape: slot.tape, startedAt: Date.now(), logs: [], errors: [] };
  const request =
    inv.kind === "fetch"
      ? new Request(`${ORIGIN}${inv.path}`, {
          headers: { "cf-connecting-ip": CLIENT_IP, ...inv.headers, ...(inv.ifNoneMatch && opts.etag ? { "if-none-match": opts.etag } : {}) },
        })
      : undefined;
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException() {}, props: {} };
  const { log, error, warn } = console;
  console.log = (...a: unknown[]) => void out.logs.push(a.map(String).join(" "));
  console.error = console.warn = (...a: unknown[]) => void out.errors.push(a.map(String).join(" "));

  let heapBase = 0;
  let heapPeak = 0;
  if (opts.measure === "heap") {
    if (!gcFn) throw new Error("heap measurement needs installGlobals() (gc)");
    gcFn();
    heapBase = process.memoryUsage().heapUsed;
    slot.probe = () => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    };
  }
  if (opts.measure === "cpu") await quiesce();
  useSlot(slot);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  try {
    if (inv.kind === "fetch") {
      const res = await mod.default.fetch(request!, env, ctx);
      const body = await res.arrayBuffer(); // the runtime sends the body: encoding it is the invocation's work
      if (opts.keepBody) out.body = new TextDecoder().decode(body);
      out.status = res.status;
      out.etag = res.headers.get("etag");
      out.xCache = res.headers.get("x-cache");
    } else {
      if (!mod.default.scheduled) throw new Error("the Worker has no scheduled handler");
      await mod.default.scheduled({ cron: inv.cron, scheduledTime: Date.now(), type: "scheduled", noRetry() {} }, env, ctx);
    }
    while (pending.length) await Promise.allSettled(pending.splice(0));
  } catch (err) {
    if (err instanceof ReplayDivergence) throw err;
    out.errors.push(`uncaught: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    if (opts.measure === "cpu") {
      out.cpuMs = cpuMsSince(cpu0);
      out.wallMs = performance.now() - wall0;
    }
    if (opts.measure === "heap") {
      slot.probe!();
      out.heapPeak = Math.max(0, heapPeak - heapBase);
    }
    useSlot(undefined);
    Object.assign(console, { log, error, warn });
    clockOffset = 0;
  }
  if (opts.replay && slot.pos !== slot.tape.length) {
    const said = [...out.logs, ...out.errors].join(" | ").slice(0, 600);
    throw new ReplayDivergence(
      `replay diverged: the Worker made ${slot.pos} calls, the recording has ${slot.tape.length}${said ? `; it logged: ${said}` : ""}`,
    );
  }
  return out;
}
