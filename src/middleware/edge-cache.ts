// Edge caching of reads. Every answer of the query routes is a pure function of the dataset
// version and the URL, so:
//  - ETag = version + a hash of the URL; a matching If-None-Match gets 304 at once (the version
//    comes from isolate memory, src/db/dataset.ts), without touching D1 or KV;
//  - repeated GETs are answered without D1 or KV from isolate memory (./isolate-cache.ts) or
//    else the Workers Cache API, both keyed by version + URL;
//  - a reseed changes the version, hence every ETag and every cache key (old entries expire).
// 200s are cached for CACHE_OK, 404s (whose suggestions cost a query) for CACHE_NOT_FOUND;
// anything else, and every non-data route, is `no-store`. 429 and 5xx are never cached.
// Stale-if-error: when the route answers 503 (D1 or KV failing), an older answer for the same
// version and URL still in isolate memory is served instead (X-Cache: STALE).
import type { MiddlewareHandler } from "hono";
import { activeDataset } from "../db/dataset.ts";
import { BENCH_NO_CACHE_HEADER, benchMode } from "../lib/bench.ts";
import type { AppBindings } from "../lib/types.ts";
import { recall, remember } from "./isolate-cache.ts";

export const CACHE_OK = "public, max-age=300, stale-if-error=86400";
export const CACHE_NOT_FOUND = "public, max-age=60";
export const NO_STORE = "no-store";
/**
 * Live service state, admin and bench routes: never cached. Nor the reference (/docs,
 * /openapi.json): it changes with the code, not the dataset, so an ETag of the dataset version
 * would keep answering 304 to a browser holding the page of an older deployment.
 */
const UNCACHED_PATHS = [/^\/health\/?$/, /^\/version\/?$/, /^\/admin(\/|$)/, /^\/__/, /^\/docs\/?$/, /^\/openapi\.json$/];

async function urlHash(url: URL): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(url.pathname + url.search));
  return [...new Uint8Array(digest, 0, 6)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag equal to ours ignoring `W/`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

export function edgeCache(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const read = c.req.method === "GET" || c.req.method === "HEAD";
    const dataset = read && !UNCACHED_PATHS.some((re) => re.test(url.pathname)) ? await activeDataset(c.env.DB).catch(() => null) : null;
    if (!dataset) {
      await next();
      if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", NO_STORE);
      return;
    }

    const etag = `"${dataset.version}.${await urlHash(url)}"`;
    const bypass = benchMode(c.env) && c.req.header(BENCH_NO_CACHE_HEADER) === "1";
    if (!bypass && etagMatches(c.req.header("If-None-Match"), etag)) {
      return c.body(null, 304, { ETag: etag, "Cache-Control": CACHE_OK });
    }
    const keyUrl = `${url.origin}/__edge-cache/${dataset.version}${url.pathname}${url.search}`;
    const key = new Request(keyUrl);
    const cache = caches.default;
    if (!bypass) {
      const inMemory = recall(keyUrl);
      if (inMemory) {
        inMemory.headers.set("X-Cache", "HIT-MEMORY");
        return inMemory;
      }
      const hit = await cache.match(key);
      if (hit) {
        await remember(keyUrl, hit.clone());
        const res = new Response(hit.body, hit); // the cached copy's headers are immutable
        res.headers.set("X-Cache", "HIT-EDGE");
        return res;
      }
    }

    await next();
    const status = c.res.status;
    if (status === 503 && !bypass) {
      const stale = recall(keyUrl, { stale: true });
      if (stale) {
        stale.headers.set("X-Cache", "STALE");
        c.res = stale;
        return;
      }
    }
    c.res.headers.set("Cache-Control", status === 200 ? CACHE_OK : status === 404 ? CACHE_NOT_FOUND : NO_STORE);
    if (status === 200) c.res.headers.set("ETag", etag);
    if (!bypass && (status === 200 || status === 404)) {
      await remember(keyUrl, c.res.clone());
      c.executionCtx.waitUntil(cache.put(key, c.res.clone()));
    }
    c.res.headers.set("X-Cache", bypass ? "BYPASS" : "MISS");
  };
}
