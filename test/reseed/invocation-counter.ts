// Counts what one Worker invocation asks of other services, for the per-invocation limits of the
// Workers Free plan: every D1 call (a statement run, or a batch: one subrequest each, with the
// statements it holds), KV operation and R2 operation. Wraps a copy of the test env; the
// bindings underneath are the real ones (miniflare), so the Worker behaves exactly as without it.
import { env } from "cloudflare:workers";

export interface InvocationCounts {
  d1Calls: number;
  /** Statements executed (each statement of a batch counts: D1's per-invocation query limit). */
  d1Statements: number;
  /** D1's own count, from each result's meta (first() and raw() carry none). */
  d1RowsWritten: number;
  kvOps: number;
  r2Ops: number;
  /** Keys of the R2 objects read, in order. */
  r2Gets: string[];
}

/** The Free plan's subrequests: every call to D1, KV and R2 (the reseed makes no fetch()). */
export const subrequests = (c: InvocationCounts) => c.d1Calls + c.kvOps + c.r2Ops;

type Fn = (...args: unknown[]) => unknown;
type Meta = { meta?: { rows_written?: number } };

function countStatement(stmt: D1PreparedStatement, c: InvocationCounts): D1PreparedStatement {
  const s = stmt as unknown as Record<string, Fn>;
  for (const method of ["first", "all", "run", "raw"]) {
    const real = s[method]!.bind(stmt);
    s[method] = async (...args: unknown[]) => {
      c.d1Calls++;
      c.d1Statements++;
      const res = await real(...args);
      c.d1RowsWritten += (res as Meta | null)?.meta?.rows_written ?? 0;
      return res;
    };
  }
  const bind = s.bind!.bind(stmt);
  s.bind = (...args) => countStatement(bind(...args) as D1PreparedStatement, c);
  return stmt;
}

/** Every method call on the binding counts one operation. */
function countCalls<T extends object>(binding: T, bump: (method: string, args: unknown[]) => void): T {
  return new Proxy(binding, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        bump(String(prop), args);
        return (value as Fn).apply(target, args);
      };
    },
  });
}

/** A fresh counter and an env whose DB, RECS and SEEDS feed it. */
export function countingEnv(base: Env = env): { env: Env; counts: InvocationCounts } {
  const counts: InvocationCounts = { d1Calls: 0, d1Statements: 0, d1RowsWritten: 0, kvOps: 0, r2Ops: 0, r2Gets: [] };
  const DB = new Proxy(base.DB, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => countStatement(target.prepare(sql), counts);
      if (prop === "batch") {
        return async (stmts: D1PreparedStatement[]) => {
          counts.d1Calls++;
          counts.d1Statements += stmts.length;
          const results = await target.batch(stmts);
          for (const r of results) counts.d1RowsWritten += (r as Meta).meta?.rows_written ?? 0;
          return results;
        };
      }
      if (prop === "exec") {
        return (sql: string) => {
          counts.d1Calls++;
          counts.d1Statements++;
          return target.exec(sql);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const RECS = countCalls(base.RECS, () => counts.kvOps++);
  const SEEDS = countCalls(base.SEEDS, (method, args) => {
    counts.r2Ops++;
    if (method === "get") counts.r2Gets.push(String(args[0]));
  });
  return { env: { ...base, DB, RECS, SEEDS } as Env, counts };
}
