// Per-client rate limit with the Workers rate-limiting binding (wrangler.toml [[ratelimits]]
// RATE_LIMITER), keyed by the client IP that Cloudflare (and wrangler dev, and Miniflare) put in
// CF-Connecting-IP. Over the limit: 429 in the error envelope with Retry-After. Mounted after
// the edge cache (./index.ts): only requests that reach a route count.
//
// A client on loopback (127.0.0.0/8, ::1) is this machine: `npm start` and a script over every
// title, the browser tests. It is not limited unless the var RATE_LIMIT_LOCAL is "1". On
// Cloudflare, CF-Connecting-IP is the address the edge saw, never a loopback one, so production
// behaviour does not depend on the switch.
import type { MiddlewareHandler } from "hono";
import { envelope } from "../lib/errors.ts";
import type { AppBindings } from "../lib/types.ts";

/** The binding's window in seconds (wrangler.toml `simple.period`): the longest wait needed. */
export const RATE_LIMIT_PERIOD_S = 10;

/** Whether `ip` (as written in CF-Connecting-IP) is a loopback address. */
export function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith("::ffff:") ? ip.slice("::ffff:".length) : ip; // IPv4-mapped IPv6
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return /^(?:0{0,4}:){7}0{0,3}1$|^::1$/i.test(ip);
}

/** `env` is the Worker's Env; the var is not declared in wrangler.toml, so it is read loosely. */
export const limitsLoopback = (env: object) => (env as { RATE_LIMIT_LOCAL?: string }).RATE_LIMIT_LOCAL === "1";

export function rateLimit(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    // Every request through Cloudflare's edge or a local server carries the header; only
    // in-process calls (tests, service bindings) lack it, and those are not client traffic.
    const ip = c.req.header("cf-connecting-ip");
    if (ip && (!isLoopback(ip) || limitsLoopback(c.env))) {
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
