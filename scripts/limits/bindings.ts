// The Worker's bindings, twice over:
//   recording  wraps the real local bindings (wrangler's getPlatformProxy: D1, KV, R2 in
//              workerd): forwards every call, counts it, and appends its result to a tape;
//   replaying  fakes that hand back the tape's results in the same order, with no I/O, so
//              the time the Worker spends can be measured without the proxy's round trips.
// Both count the same things per invocation. The Cache API (`caches.default`) and the rate
// limiter are local fakes in both phases (see cacheStorage, RATE_LIMITER).
//
// What the replay keeps of the platform's own cost: inside a real isolate the binding's JS
// encodes the request and parses the response (D1 and KV `json` results are JSON text, R2
// bodies are bytes copied in). The fakes do the same: a JSON.stringify of the statement and
// a JSON.parse of the recorded result, a copy of the recorded bytes. Only the wait is gone.

export type Service = "d1" | "kv" | "r2";

/** A result as it crossed the binding: JSON text, bytes with R2 metadata, or an error. */
export type Recorded = { kind: "json"; text: string } | { kind: "r2"; bytes: Uint8Array | null; meta: string | null } | { kind: "error"; message: string };

export interface Call {
  service: Service;
  op: string;
  target: string;
  result: Recorded;
}

export interface Counts {
  /** Round trips to D1 (a statement or a batch: one subrequest each). */
  d1Calls: number;
  /** Statements executed (a batch of n counts n; D1's per-invocation query limit counts these). */
  d1Statements: number;
  rowsRead: number;
  rowsWritten: number;
  kvReads: number;
  kvWrites: number;
  kvDeletes: number;
  kvLists: number;
  /** R2 get/head (class B). */
  r2Reads: number;
  /** R2 put/list/delete (class A; delete is free but still a call). */
  r2Writes: number;
  /** caches.default match/put/delete. */
  cacheOps: number;
  /** Calls of the rate-limiting binding (a local counter: not counted as a subrequest). */
  rateLimits: number;
}

export const zeroCounts = (): Counts => ({
  d1Calls: 0,
  d1Statements: 0,
  rowsRead: 0,
  rowsWritten: 0,
  kvReads: 0,
  kvWrites: 0,
  kvDeletes: 0,
  kvLists: 0,
  r2Reads: 0,
  r2Writes: 0,
  cacheOps: 0,
  rateLimits: 0,
});

/** Everything an invocation asks of another service: what the Free plan's 50 subrequests count. */
export const subrequests = (c: Counts) => c.d1Calls + c.kvReads + c.kvWrites + c.kvDeletes + c.kvLists + c.r2Reads + c.r2Writes + c.cacheOps;

/** The invocation being run: where calls are counted and taped (one at a time). */
export interface Slot {
  counts: Counts;
  tape: Call[];
  /** Replay position in `tape`. */
  pos: number;
  /** Called at every binding call (heap sampling); undefined when not measuring memory. */
  probe?: () => void;
}

let slot: Slot | undefined;
export function useSlot(s: Slot | undefined) {
  slot = s;
}
const current = (): Slot => {
  if (!slot) throw new Error("binding called outside an invocation");
  slot.probe?.();
  return slot;
};

export class ReplayDivergence extends Error {}

/** Replay: the next taped call, which must be the same operation on the same target. */
function next(service: Service, op: string, target: string): Recorded {
  const s = current();
  const call = s.tape[s.pos];
  if (!call || call.service !== service || call.op !== op || call.target !== target) {
    const got = call ? `${call.service}.${call.op} ${call.target.slice(0, 80)}` : "the end of the tape";
    throw new ReplayDivergence(`replay diverged at call ${s.pos}: the Worker made ${service}.${op} ${target.slice(0, 80)}, the recording has ${got}`);
  }
  s.pos++;
  return call.result;
}

/**
 * Recording: the call's place on the tape, taken when the Worker makes the call (its result is
 * filled in when it arrives), so concurrent calls are taped in the order they were made.
 */
function reserve(service: Service, op: string, target: string): Call {
  const call: Call = { service, op, target, result: { kind: "error", message: "no result (the call never settled)" } };
  current().tape.push(call);
  return call;
}
const fail = (r: Recorded) => {
  if (r.kind === "error") throw new Error(r.message);
};
const errorOf = (err: unknown): Recorded => ({ kind: "error", message: err instanceof Error ? err.message : String(err) });

// ---------------------------------------------------------------------------------------- D1

interface D1Meta {
  meta?: { rows_read?: number; rows_written?: number };
}
type D1Res = D1Meta & { results: Record<string, unknown>[] };
interface RealStatement {
  bind(...v: unknown[]): RealStatement;
  all(): Promise<D1Res>;
  run(): Promise<D1Res>;
}
interface RealD1 {
  prepare(sql: string): RealStatement;
  batch(s: RealStatement[]): Promise<D1Res[]>;
  exec(sql: string): Promise<unknown>;
}

function countD1(statements: number, results: D1Meta[]) {
  const c = current().counts;
  c.d1Calls++;
  c.d1Statements += statements;
  for (const r of results) {
    c.rowsRead += r.meta?.rows_read ?? 0;
    c.rowsWritten += r.meta?.rows_written ?? 0;
  }
}

/** first(), raw() and all() share one shape of result: what all() returns. */
function shape(op: string, res: D1Res, column?: unknown): unknown {
  if (op === "first") {
    const row = res.results[0];
    return row === undefined ? null : typeof column === "string" ? (row[column] ?? null) : row;
  }
  if (op === "raw") return res.results.map((r) => Object.values(r));
  return res;
}

/**
 * A statement: its SQL and bound values. While recording, the real statement is made only when
 * it runs (inside the call's try): the proxy's prepare() and bind() are synchronous round trips
 * that can fail under load, and a failure there must be taped like any other failed call.
 */
class Statement {
  constructor(
    readonly sql: string,
    readonly binds: unknown[],
    /** The real database (recording), or undefined (replay). */
    readonly db?: RealD1,
  ) {}

  bind(...values: unknown[]): Statement {
    return new Statement(this.sql, values, this.db);
  }

  /** The real statement, made now (recording only). */
  real(): RealStatement {
    const stmt = this.db!.prepare(this.sql);
    return this.binds.length ? stmt.bind(...this.binds) : stmt;
  }

  /** first() and raw() carry no `meta`, so they run as all(): their rows are counted too. */
  private async exec(op: "all" | "run" | "first" | "raw", column?: unknown): Promise<unknown> {
    if (!this.db) {
      JSON.stringify({ sql: this.sql, params: this.binds }); // the request the binding would send
      const r = next("d1", op, this.sql);
      fail(r);
      const res = JSON.parse((r as { text: string }).text) as D1Res;
      countD1(1, [res]);
      return shape(op, res, column);
    }
    const call = reserve("d1", op, this.sql);
    let res: D1Res;
    try {
      const stmt = this.real();
      res = op === "run" ? await stmt.run() : await stmt.all();
    } catch (err) {
      call.result = errorOf(err);
      countD1(1, []);
      throw err;
    }
    call.result = { kind: "json", text: JSON.stringify(res) };
    countD1(1, [res]);
    return shape(op, res, column);
  }

  all() {
    return this.exec("all");
  }
  run() {
    return this.exec("run");
  }
  first(column?: string) {
    return this.exec("first", column);
  }
  raw() {
    return this.exec("raw");
  }
}

const batchTarget = (stmts: Statement[]) => stmts.map((s) => s.sql).join("\n;\n");

export function d1(real?: RealD1) {
  return {
    prepare: (sql: string) => new Statement(sql, [], real),
    async batch(stmts: Statement[]) {
      const target = batchTarget(stmts);
      if (!real) {
        JSON.stringify(stmts.map((s) => ({ sql: s.sql, params: s.binds })));
        const r = next("d1", "batch", target);
        fail(r);
        const results = JSON.parse((r as { text: string }).text) as D1Res[];
        countD1(stmts.length, results);
        return results;
      }
      const call = reserve("d1", "batch", target);
      let results: D1Res[];
      try {
        results = await real.batch(stmts.map((s) => s.real()));
      } catch (err) {
        call.result = errorOf(err);
        countD1(stmts.length, []);
        throw err;
      }
      call.result = { kind: "json", text: JSON.stringify(results) };
      countD1(stmts.length, results);
      return results;
    },
    async exec(sql: string) {
      if (!real) {
        const r = next("d1", "exec", sql);
        fail(r);
        countD1(1, []);
        return JSON.parse((r as { text: string }).text);
      }
      const call = reserve("d1", "exec", sql);
      let res: unknown;
      try {
        res = await real.exec(sql);
      } catch (err) {
        call.result = errorOf(err);
        countD1(1, []);
        throw err;
      }
      call.result = { kind: "json", text: JSON.stringify(res ?? null) };
      countD1(1, []);
      return res;
    },
  };
}

// ---------------------------------------------------------------------------------------- KV

interface RealKv {
  get(key: string, opts?: unknown): Promise<string | null>;
  getWithMetadata(key: string, opts?: unknown): Promise<{ value: string | null; metadata: unknown }>;
  put(key: string, value: unknown, opts?: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  list(opts?: unknown): Promise<unknown>;
}
type KvGetOpts = string | { type?: string; cacheTtl?: number } | undefined;
const kvType = (o: KvGetOpts) => (typeof o === "string" ? o : (o?.type ?? "text"));
/** The same options with the value asked for as text: the recording keeps what crossed the wire. */
const asText = (o: KvGetOpts) => (typeof o === "object" && o ? { ...o, type: "text" } : "text");
const kvValue = (text: string | null, type: string) => {
  if (text === null) return null;
  if (type === "json") return JSON.parse(text);
  if (type === "text") return text;
  throw new Error(`KV get type ${type} is not modelled by the limits harness`);
};

/**
 * A call whose result crosses the binding as JSON text: forwarded and taped when recording
 * (`forward` given), taken from the tape when replaying.
 */
async function jsonCall(service: Service, op: string, target: string, forward?: () => Promise<unknown>): Promise<unknown> {
  if (!forward) {
    const r = next(service, op, target);
    fail(r);
    return JSON.parse((r as { text: string }).text);
  }
  const call = reserve(service, op, target);
  try {
    const value = await forward();
    call.result = { kind: "json", text: JSON.stringify(value ?? null) };
    return value;
  } catch (err) {
    call.result = errorOf(err);
    throw err;
  }
}

export function kv(real?: RealKv) {
  const count = (k: keyof Counts) => current().counts[k]++;
  const call = (op: string, target: string, forward: () => Promise<unknown>) => jsonCall("kv", op, target, real && forward);
  return {
    async get(key: string, opts?: KvGetOpts) {
      count("kvReads");
      const text = (await call("get", key, () => real!.get(key, asText(opts)))) as string | null;
      return kvValue(text, kvType(opts));
    },
    async getWithMetadata(key: string, opts?: KvGetOpts) {
      count("kvReads");
      const r = (await call("getWithMetadata", key, () => real!.getWithMetadata(key, asText(opts)))) as { value: string | null; metadata: unknown };
      return { value: kvValue(r.value, kvType(opts)), metadata: r.metadata };
    },
    async put(key: string, value: unknown, opts?: unknown) {
      count("kvWrites");
      await call("put", key, () => real!.put(key, value, opts));
    },
    async delete(key: string) {
      count("kvDeletes");
      await call("delete", key, () => real!.delete(key));
    },
    async list(opts?: { prefix?: string; cursor?: string }) {
      count("kvLists");
      return call("list", `${opts?.prefix ?? ""}|${opts?.cursor ?? ""}`, () => real!.list(opts));
    },
  };
}

// ---------------------------------------------------------------------------------------- R2

interface RealR2Object {
  key: string;
  size: number;
  etag: string;
  httpEtag: string;
  uploaded: Date;
  httpMetadata?: unknown;
  customMetadata?: unknown;
  arrayBuffer?(): Promise<ArrayBuffer>;
}
interface RealR2 {
  get(key: string, opts?: unknown): Promise<RealR2Object | null>;
  head(key: string): Promise<RealR2Object | null>;
  put(key: string, value: unknown, opts?: unknown): Promise<RealR2Object | null>;
  list(opts?: unknown): Promise<unknown>;
  delete(keys: string | string[]): Promise<void>;
}

const r2Meta = (o: RealR2Object) =>
  JSON.stringify({
    key: o.key,
    size: o.size,
    etag: o.etag,
    httpEtag: o.httpEtag,
    uploaded: o.uploaded,
    httpMetadata: o.httpMetadata,
    customMetadata: o.customMetadata,
  });

/** What the Worker gets for an object: metadata, and its body read as the runtime would (a copy). */
function r2Object(bytes: Uint8Array | null, meta: string) {
  const m = JSON.parse(meta) as Record<string, unknown>;
  const obj: Record<string, unknown> = { ...m, uploaded: new Date(m.uploaded as string), writeHttpMetadata() {} };
  if (bytes) {
    let used = false;
    const take = () => {
      if (used) throw new TypeError("R2 body already used");
      used = true;
      return bytes.slice().buffer; // the copy a runtime makes of the streamed body
    };
    Object.assign(obj, {
      get bodyUsed() {
        return used;
      },
      arrayBuffer: async () => take(),
      text: async () => new TextDecoder().decode(take()),
      json: async () => JSON.parse(new TextDecoder().decode(take())),
      blob: async () => new Blob([take()]),
    });
  }
  return obj;
}

export function r2(real?: RealR2) {
  const count = (k: keyof Counts) => current().counts[k]++;
  async function object(op: "get" | "head", key: string, opts?: unknown) {
    count("r2Reads");
    if (!real) {
      const r = next("r2", op, key);
      fail(r);
      const { bytes, meta } = r as { bytes: Uint8Array | null; meta: string | null };
      return meta === null ? null : r2Object(bytes, meta);
    }
    const call = reserve("r2", op, key);
    let o: RealR2Object | null;
    let bytes: Uint8Array | null = null;
    try {
      o = op === "get" ? await real.get(key, opts) : await real.head(key);
      if (o && op === "get" && o.arrayBuffer) bytes = new Uint8Array(await o.arrayBuffer());
    } catch (err) {
      call.result = errorOf(err);
      throw err;
    }
    if (!o) {
      call.result = { kind: "r2", bytes: null, meta: null };
      return null;
    }
    const meta = r2Meta(o);
    call.result = { kind: "r2", bytes, meta };
    return r2Object(bytes, meta);
  }
  function write(op: "put" | "list" | "delete", target: string, forward: () => Promise<unknown>) {
    count("r2Writes");
    return jsonCall("r2", op, target, real && forward);
  }
  return {
    get: (key: string, opts?: unknown) => object("get", key, opts),
    head: (key: string) => object("head", key),
    put: (key: string, value: unknown, opts?: unknown) => write("put", key, () => real!.put(key, value, opts)),
    list: (opts?: { prefix?: string; cursor?: string }) => write("list", `${opts?.prefix ?? ""}|${opts?.cursor ?? ""}`, () => real!.list(opts)),
    delete: (keys: string | string[]) => write("delete", [keys].flat().join(","), () => real!.delete(keys)),
  };
}

// ------------------------------------------------------------------- Cache API, rate limiter

/**
 * `caches.default` as Cloudflare runs it: on a *.workers.dev hostname the Cache API does nothing
 * (match misses, put stores nothing); on a custom domain it stores answers. A local fake in
 * both phases (no proxy round trip to record); put reads the body, as a real put would.
 */
export function cacheStorage(mode: "workers.dev" | "custom-domain") {
  const store = new Map<string, { status: number; headers: [string, string][]; body: ArrayBuffer }>();
  const count = () => current().counts.cacheOps++;
  const url = (req: Request | string) => (typeof req === "string" ? req : req.url);
  const cache = {
    async match(req: Request | string) {
      count();
      const hit = mode === "custom-domain" ? store.get(url(req)) : undefined;
      return hit ? new Response(hit.body.slice(0), { status: hit.status, headers: hit.headers }) : undefined;
    },
    async put(req: Request | string, res: Response) {
      count();
      const body = await res.arrayBuffer();
      if (mode === "custom-domain") store.set(url(req), { status: res.status, headers: [...res.headers], body });
    },
    async delete(req: Request | string) {
      count();
      return store.delete(url(req));
    },
  };
  return { default: cache, open: async () => cache };
}

/** The rate-limiting binding: always under the limit (the harness measures cost, not abuse). */
export const rateLimiter = () => ({
  async limit(_opts: { key: string }) {
    current().counts.rateLimits++;
    return { success: true };
  },
});

/** The Worker's env: the real local bindings wrapped (recording), or the fakes (replay). */
export function workerEnv(real?: { DB: unknown; RECS: unknown; SEEDS: unknown }) {
  return {
    DB: d1(real?.DB as RealD1 | undefined),
    RECS: kv(real?.RECS as RealKv | undefined),
    SEEDS: r2(real?.SEEDS as RealR2 | undefined),
    RATE_LIMITER: rateLimiter(),
    // Bench mode: lets a request skip the edge cache with the x-bench-no-cache header (src/lib/bench.ts).
    BENCH: "1",
  };
}
