// Guards the admin routes with a bearer token held in the Worker secret ADMIN_TOKEN
// (`wrangler secret put ADMIN_TOKEN`). Without the secret the routes do not exist (404), so an
// unconfigured deployment exposes nothing; a wrong or missing token is a 401.
import type { MiddlewareHandler } from "hono";
import { envelope } from "./errors.ts";
import type { AppBindings } from "./types.ts";

/** A secret is not in wrangler.toml, so the generated Env may not list it. */
type AdminEnv = Env & { ADMIN_TOKEN?: string };

/** Compares SHA-256 digests in constant time: neither the content nor the length of the token leaks. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [a, b] = await Promise.all([given, expected].map((s) => crypto.subtle.digest("SHA-256", enc.encode(s))));
  return crypto.subtle.timingSafeEqual(a!, b!);
}

export function adminAuth(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const expected = (c.env as AdminEnv).ADMIN_TOKEN;
    if (!expected) return c.json(envelope("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404);
    const given = /^Bearer\s+(.+)$/i.exec(c.req.header("Authorization") ?? "")?.[1]?.trim();
    if (!given || !(await sameSecret(given, expected))) {
      return c.json(envelope("unauthorized", "A valid bearer token is required."), 401, { "WWW-Authenticate": 'Bearer realm="admin"' });
    }
    await next();
  };
}
