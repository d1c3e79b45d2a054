// Reads go through a guarded D1 binding (src/db/guard.ts): any D1 failure in a GET becomes a 503
// with Retry-After instead of a 500. Writes (POST /admin/reseed) keep the plain binding: the
// reseed budgets its own calls, and a client-side timeout must not cut a switch batch short.
import type { MiddlewareHandler } from "hono";
import { guardD1, READ_TIMEOUT_MS } from "../db/guard.ts";
import type { AppBindings } from "../lib/types.ts";

export function d1Guard(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    // D1_TIMEOUT_MS is not a declared var: tests shorten the wait with it.
    const timeout = Number((c.env as { D1_TIMEOUT_MS?: string }).D1_TIMEOUT_MS) || READ_TIMEOUT_MS;
    if (c.req.method === "GET" || c.req.method === "HEAD") c.env = { ...c.env, DB: guardD1(c.env.DB, timeout) };
    await next();
  };
}
