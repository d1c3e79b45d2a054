// Calls the Worker's app in-process with an instrumented env: counts the D1 calls (each
// first/all/run/raw of a statement, each batch) and KV reads one request makes, and lets a
// test set vars (e.g. BENCH). Test-only: production code never sees the wrapper.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import app from "../../src/app.ts";

export interface Calls { d1: number; kv: number; sql: string[] }

export interface Faults { /** every D1 call rejects, as if the database were down */ failD1?: boolean }

const DOWN = () => Promise.reject(new Error("D1 is down (test fault)"));

function countStatement(stmt: D1PreparedStatement, sql: string, calls: Calls, faults: Faults): D1PreparedStatement {
  const s = stmt as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of ["first", "all", "run", "raw"]) {
    const original = s[method]!.bind(stmt);
    s[method] = (...args) => { calls.d1++; calls.sql.push(sql); return faults.failD1 ? DOWN() : original(...args); };
  }
  const bind = s.bind!.bind(stmt);
  s.bind = (...args) => countStatement(bind(...args) as D1PreparedStatement, sql, calls, faults);
  return stmt;
}

function countingEnv(calls: Calls, vars: Record<string, string>, faults: Faults): Env {
  const DB = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => countStatement(target.prepare(sql), sql, calls, faults);
      if (prop === "batch") return (stmts: D1PreparedStatement[]) => { calls.d1++; calls.sql.push("batch"); return faults.failD1 ? DOWN() : target.batch(stmts); };
      if (prop === "exec") return (sql: string) => { calls.d1++; calls.sql.push(sql); return faults.failD1 ? DOWN() : target.exec(sql); };
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
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ...env, DB, RECS, ...vars } as Env;
}

/** One request through the app with counted bindings; waits for its background work (cache puts). */
export async function instrumentedFetch(path: string, init?: RequestInit, vars: Record<string, string> = {}, faults: Faults = {}) {
  const calls: Calls = { d1: 0, kv: 0, sql: [] };
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(`http://example.com${path}`, init), countingEnv(calls, vars, faults), ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  let body: any = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body, calls };
}
