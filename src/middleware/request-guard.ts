// Rejects URLs no route could answer sensibly, before any routing or data access: oversized
// paths or query strings (414) and percent-encoding that is not valid UTF-8 (400) — which is
// also how a lone surrogate arrives (%ED%A0%80). Unknown query parameters are ignored, as the
// routes' schemas do.
import type { MiddlewareHandler } from "hono";
import { envelope } from "../lib/errors.ts";

/** A valid name (≤ 200 characters) percent-encodes to < 2 KB; the query string holds at most ?anio=. */
export const MAX_PATH_CHARS = 4096;
export const MAX_QUERY_CHARS = 2048;

const decodes = (s: string) => {
  try {
    decodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
};

export function requestGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.pathname.length > MAX_PATH_CHARS || url.search.length > MAX_QUERY_CHARS) {
      return c.json(envelope("invalid_request", `The URL is too long (path ≤ ${MAX_PATH_CHARS}, query ≤ ${MAX_QUERY_CHARS} characters).`), 414);
    }
    if (!decodes(url.pathname) || !decodes(url.search)) {
      return c.json(envelope("invalid_request", "The URL is not valid percent-encoded UTF-8."), 400);
    }
    await next();
  };
}
