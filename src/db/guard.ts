// Every D1 call a request makes goes through this guard (mounted by src/middleware/d1-guard.ts):
// a failure — an error, the daily-quota error that stops every query until 00:00 UTC, or no
// answer within READ_TIMEOUT_MS — becomes a 503 in the error envelope with Retry-After, never
// a 500. The data-access code stays plain D1.
import { unavailable } from "../lib/errors.ts";

export const READ_TIMEOUT_MS = 5_000;

function guarded<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`D1 did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work(), timeout])
    .catch((err: unknown) => {
      console.error(JSON.stringify({ level: "error", event: "d1_unavailable", error: String(err) }));
      throw unavailable("The database is not answering right now; try again shortly.");
    })
    .finally(() => timer && clearTimeout(timer));
}

const STATEMENT_CALLS = new Set(["first", "all", "run", "raw"]);

/** Guarded statement -> the binding's own one, which batch() needs. */
type Originals = WeakMap<object, D1PreparedStatement>;

function guardStatement(stmt: D1PreparedStatement, timeoutMs: number, originals: Originals): D1PreparedStatement {
  const wrapped = new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (typeof value !== "function") return value;
      if (prop === "bind") return (...args: unknown[]) => guardStatement(target.bind(...args), timeoutMs, originals);
      if (STATEMENT_CALLS.has(prop as string))
        return (...args: unknown[]) => guarded(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args), timeoutMs);
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  originals.set(wrapped, stmt);
  return wrapped;
}

/** A D1 binding whose calls fail as 503s (see above). */
export function guardD1(db: D1Database, timeoutMs = READ_TIMEOUT_MS): D1Database {
  const originals: Originals = new WeakMap();
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => guardStatement(target.prepare(sql), timeoutMs, originals);
      if (prop === "batch") {
        return (stmts: D1PreparedStatement[]) => guarded(() => target.batch(stmts.map((s) => originals.get(s) ?? s)), timeoutMs);
      }
      if (prop === "exec") return (sql: string) => guarded(() => target.exec(sql), timeoutMs);
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
