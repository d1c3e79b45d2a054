// Per-client rate limit with the Workers rate-limiting binding (wrangler.toml [[ratelimits]]
// RATE_LIMITER), keyed by the client IP that Cloudflare (and wrangler dev) put in
// CF-Connecting-IP. Over the limit: 429 in the error envelope with Retry-After. Mounted after
// the edge cache (./index.ts): only requests that reach a route count.
import type { MiddlewareHandler } from "hono";
import { envelope } from "../lib/errors.ts";
import type { AppBindings } from "../lib/types.ts";

/** The binding's window in seconds (wrangler.toml `simple.period`): the longest wait needed. */
export const RATE_LIMIT_PERIOD_S = 10;

export function rateLimit(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    // Every request through Cloudflare's edge or wrangler dev carries the header; only in-process
    // calls (tests, service bindings) lack it, and those are not client traffic.
    const ip = c.req.header("cf-connecting-ip");
    if (ip) {
      const { success } = await c.env.RATE_LIMITER.limit({ key: ip });
      if (!success) {
        return c.json(
          envelope("rate_limited", `Too many requests from this client; try again in ${RATE_LIMIT_PERIOD_S} s.`, { retry_after: RATE_LIMIT_PERIOD_S }),
          429,
          { "Retry-After": String(RATE_LIMIT_PERIOD_S), "Cache-Control": "no-store" },
        );
      }
    }
    await next();
  };
}
