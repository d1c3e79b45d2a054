// Calls the Worker's app in-process with an instrumented env: counts the D1 calls (each
// first/all/run/raw of a statement, each batch) with the rows D1 says they read and wrote
// (`meta.rows_read` / `meta.rows_written`, the figures the daily quotas are counted in), the KV
// reads and writes one request makes, and lets a test set vars (e.g. BENCH). Test-only:
// production code never sees the wrapper.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import app from "../../src/app.ts";
import { BENCH_NO_CACHE_HEADER } from "../../src/lib/bench.ts";
import { readAnswer } from "./http.ts";

export interface Calls {
  d1: number;
  kv: number;
  kvWrites: number;
  /** Summed over every D1 result of the request (statements and batches). */
  rowsRead: number;
  rowsWritten: number;
  sql: string[];
}

export interface Faults {
  /** Every D1 call rejects, as if the database were down (with this message, if a string). */
  failD1?: boolean | string;
  /** Every D1 call never answers. */
  hangD1?: boolean;
}

const fault = (f: Faults): Promise<never> | null =>
  f.hangD1 ? new Promise<never>(() => {}) : f.failD1 ? Promise.reject(new Error(typeof f.failD1 === "string" ? f.failD1 : "D1 is down (test fault)")) : null;

type Meta = { meta?: { rows_read?: number; rows_written?: number } };
const tally = (calls: Calls, results: Meta[]) => {
  for (const r of results) {
    calls.rowsRead += r.meta?.rows_read ?? 0;
    calls.rowsWritten += r.meta?.rows_written ?? 0;
  }
};

function countStatement(stmt: D1PreparedStatement, sql: string, calls: Calls, faults: Faults): D1PreparedStatement {
  const s = stmt as unknown as Record<string, (...args: unknown[]) => unknown>;
  const all = s.all!.bind(stmt) as () => Promise<D1Result<Record<string, unknown>>>;
  // first() and raw() return no meta: they run as all() here so their rows are counted too.
  const counted = async () => {
    calls.d1++;
    calls.sql.push(sql);
    const down = fault(faults);
    if (down) return down;
    const res = await all();
    tally(calls, [res]);
    return res;
  };
  s.all = counted;
  s.run = counted;
  s.first = async (column?: unknown) => {
    const row = (await counted()).results[0];
    return row === undefined ? null : typeof column === "string" ? row[column] : row;
  };
  s.raw = async () => (await counted()).results.map((r) => Object.values(r));
  const bind = s.bind!.bind(stmt);
  s.bind = (...args) => countStatement(bind(...args) as D1PreparedStatement, sql, calls, faults);
  return stmt;
}

function countingEnv(calls: Calls, vars: Record<string, string>, faults: Faults): Env {
  const DB = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => countStatement(target.prepare(sql), sql, calls, faults);
      if (prop === "batch") {
        return async (stmts: D1PreparedStatement[]) => {
          calls.d1++;
          calls.sql.push("batch");
          const down = fault(faults);
          if (down) return down;
          const results = await target.batch(stmts);
          tally(calls, results);
          return results;
        };
      }
      if (prop === "exec")
        return (sql: string) => {
          calls.d1++;
          calls.sql.push(sql);
          return fault(faults) ?? target.exec(sql);
        };
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const RECS = new Proxy(env.RECS, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (prop === "get" || prop === "getWithMetadata") calls.kv++;
        if (prop === "put" || prop === "delete") calls.kvWrites++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ...env, DB, RECS, ...vars } as Env;
}

/** One request through the app with counted bindings; waits for its background work (cache puts). */
export async function instrumentedFetch(path: string, init?: RequestInit, vars: Record<string, string> = {}, faults: Faults = {}) {
  const calls: Calls = { d1: 0, kv: 0, kvWrites: 0, rowsRead: 0, rowsWritten: 0, sql: [] };
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://example.com${path}`, init), countingEnv(calls, vars, faults), ctx);
  const answer = await readAnswer(res);
  await waitOnExecutionContext(ctx);
  return { ...answer, calls };
}

/** A request that skips the answer caches (the bench switch): what a cache miss costs. */
export const uncached = (path: string) => instrumentedFetch(path, { headers: { [BENCH_NO_CACHE_HEADER]: "1" } }, { BENCH: "1" });

/** Loads the dataset version into isolate memory, as the first request of an isolate does in production. */
export async function warmIsolate(): Promise<void> {
  await instrumentedFetch("/health");
}
