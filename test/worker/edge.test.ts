// The API's edge behaviour: security headers, CORS, ETag/304, the Workers Cache API, the rate
// limit, 405s, the bench-only floor routes, and at most one D1 call per request.
import { env } from "cloudflare:workers";
import { z } from "@hono/zod-openapi";
import { describe, expect, it, vi } from "vitest";
import assetHeaders from "../../public/_headers?raw";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { BENCH_NO_CACHE_HEADER } from "../../src/lib/bench.ts";
import { CACHE_NOT_FOUND, CACHE_OK } from "../../src/middleware/edge-cache.ts";
import { forgetIsolateCache } from "../../src/middleware/isolate-cache.ts";
import { RATE_LIMIT_PERIOD_S } from "../../src/middleware/rate-limit.ts";
import { CONTENT_SECURITY_POLICY } from "../../src/middleware/security-headers.ts";
import { bodyOf, errorOf, get } from "./http.ts";
import { instrumentedFetch } from "./instrumented.ts";

const ROUTES = [
  "peliculas_idioma/es",
  "peliculas_duracion/toy%20story",
  "franquicia/toy%20story%20collection",
  "peliculas_pais/us",
  "productoras_exitosas/pixar%20animation%20studios",
  "get_director/john%20lasseter",
  "recomendacion/toy%20story",
];
const BENCH = { BENCH: "1" };
const UNCACHED = { headers: { [BENCH_NO_CACHE_HEADER]: "1" } };

describe("security headers", () => {
  it.each(["/peliculas_idioma/es", "/docs", "/openapi.json", "/nope", "/peliculas_duracion/a%00b"])(
    "%s carries them, and no Server or X-Powered-By",
    async (path) => {
      const { headers } = await get(path);
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(headers.get("x-frame-options")).toBe("DENY");
      expect(headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
      expect(headers.get("server")).toBeNull();
      expect(headers.get("x-powered-by")).toBeNull();
    },
  );
  it("the CSP allows only the site's own scripts, styles and connections (no inline script)", () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
  it("static assets get the same headers from public/_headers", () => {
    const rules = assetHeaders.split("\n").map((l) => l.trim());
    expect(rules).toContain(`Content-Security-Policy: ${CONTENT_SECURITY_POLICY}`);
    expect(rules).toContain("X-Content-Type-Options: nosniff");
  });
});

describe("CORS", () => {
  it("any origin may GET", async () => {
    const res = await get("/peliculas_idioma/es", { headers: { Origin: "https://elsewhere.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")).toMatch(/ETag/i);
  });
  it("answers preflights for GET", async () => {
    const res = await get("/peliculas_idioma/es", {
      method: "OPTIONS",
      headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "GET" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,HEAD,OPTIONS");
  });
});

describe("ETag and 304", () => {
  it("a 200 carries Cache-Control and an ETag from the dataset version", async () => {
    const res = await get("/peliculas_duracion/toy%20story");
    expect(res.headers.get("cache-control")).toBe(CACHE_OK);
    expect(res.headers.get("etag")).toMatch(new RegExp(`^"${env.TEST_SEED.version}\\.[0-9a-f]{12}"$`));
    const other = await get("/peliculas_duracion/sabrina");
    expect(other.headers.get("etag")).not.toBe(res.headers.get("etag"));
  });
  it("If-None-Match gets 304 without touching D1 or KV", async () => {
    for (const path of ROUTES.map((r) => `/${r}`)) {
      const first = await instrumentedFetch(path);
      const etag = first.headers.get("etag")!;
      for (const tag of [etag, `W/${etag}`, `"x", ${etag}`, "*"]) {
        const res = await instrumentedFetch(path, { headers: { "If-None-Match": tag } });
        expect(res.status, `${path} ${tag}`).toBe(304);
        expect(res.body).toBe("");
        expect(res.headers.get("etag")).toBe(etag);
        expect(res.calls).toMatchObject({ d1: 0, kv: 0 });
      }
      expect((await instrumentedFetch(path, { headers: { "If-None-Match": '"stale"' } })).status).toBe(200);
    }
  });
  it("a reseed (new dataset version) changes every ETag and cache key", async () => {
    const path = "/peliculas_pais/us";
    const before = await get(path);
    const setVersion = (v: string) => env.DB.prepare("UPDATE dataset_meta SET value = ?1 WHERE key = 'version'").bind(v).run();
    await setVersion("reseeded-version");
    forgetActiveDataset();
    try {
      const after = await instrumentedFetch(path, { headers: { "If-None-Match": before.headers.get("etag")! } });
      expect(after.status).toBe(200);
      expect(after.headers.get("etag")).toMatch(/^"reseeded-version\./);
      expect(after.headers.get("x-cache")).toBe("MISS");
      expect(after.body).toEqual(before.body);
    } finally {
      await setVersion(env.TEST_SEED.version);
      forgetActiveDataset();
    }
  });
  it("HEAD answers like GET without a body", async () => {
    const res = await get("/franquicia/toy%20story%20collection", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.body).toBe("");
    expect(res.headers.get("etag")).toBeTruthy();
  });
});

describe("caching: isolate memory, then the Workers Cache API", () => {
  it.each(ROUTES)("a repeated GET /%s is served from memory, else the Cache API, without D1 or KV", async (route) => {
    const path = `/${route}?cache-test`;
    const first = await instrumentedFetch(path);
    expect(first.headers.get("x-cache")).toBe("MISS");
    const again = await instrumentedFetch(path);
    expect(again.headers.get("x-cache")).toBe("HIT-MEMORY");
    forgetIsolateCache(); // as in another isolate of the same location
    const edge = await instrumentedFetch(path);
    expect(edge.headers.get("x-cache")).toBe("HIT-EDGE");
    for (const res of [again, edge]) {
      expect(res.calls).toMatchObject({ d1: 0, kv: 0 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(first.body);
      expect(res.headers.get("etag")).toBe(first.headers.get("etag"));
      expect(res.headers.get("cache-control")).toBe(CACHE_OK);
      expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    }
    expect((await instrumentedFetch(path)).headers.get("x-cache")).toBe("HIT-MEMORY");
  });
  it("404s are cached briefly, 400s and service routes not at all", async () => {
    const miss = await instrumentedFetch("/franquicia/no%20such%20thing");
    expect(miss.status).toBe(404);
    expect(miss.headers.get("cache-control")).toBe(CACHE_NOT_FOUND);
    expect(miss.headers.get("etag")).toBeNull();
    expect((await instrumentedFetch("/franquicia/no%20such%20thing")).calls.d1).toBe(0);
    const bad = await instrumentedFetch("/franquicia/a%00b");
    expect(bad.headers.get("cache-control")).toBe("no-store");
    expect((await get("/health")).headers.get("cache-control")).toBe("no-store");
  });
  it("a 503 (D1 failing) is never cached", async () => {
    const path = "/productoras_exitosas/pixar%20animation%20studios?fail-test";
    await instrumentedFetch("/health"); // the dataset version is in isolate memory
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await instrumentedFetch(path, undefined, {}, { failD1: true });
    const errorLogs = logged.mock.calls.length;
    logged.mockRestore();
    expect(failed.status).toBe(503);
    expect(errorOf(failed).code).toBe("unavailable");
    expect(errorLogs).toBe(1);
    expect(failed.headers.get("cache-control")).toBe("no-store");
    const next = await instrumentedFetch(path);
    expect(next.status).toBe(200);
    expect(next.headers.get("x-cache")).toBe("MISS");
  });
  it("the bench's cache bypass works only in bench mode", async () => {
    const path = "/peliculas_idioma/ja";
    await instrumentedFetch(path);
    expect((await instrumentedFetch(path, UNCACHED)).headers.get("x-cache")).toBe("HIT-MEMORY");
    const bypass = await instrumentedFetch(path, UNCACHED, BENCH);
    expect(bypass.headers.get("x-cache")).toBe("BYPASS");
    expect(bypass.calls.d1).toBe(1);
  });
});

describe("rate limit", () => {
  it("over the limit: 429 in the envelope with Retry-After, per client IP", async () => {
    const client = { headers: { "CF-Connecting-IP": "198.51.100.7" } };
    let limited: Awaited<ReturnType<typeof instrumentedFetch>> | undefined;
    let allowed = 0;
    // The binding counts in fixed windows: 2×limit+1 requests within one period always trip it.
    // Distinct URLs: answers from cache are not counted.
    for (let i = 0; i < 1001 && !limited; i++) {
      const res = await instrumentedFetch(`/peliculas_idioma/es?n=${i}`, client);
      if (res.status === 429) limited = res;
      else allowed++;
    }
    expect(limited, "no 429 within 1001 requests").toBeDefined();
    expect(allowed).toBeGreaterThanOrEqual(10);
    expect(limited!.headers.get("retry-after")).toBe(String(RATE_LIMIT_PERIOD_S));
    expect(limited!.headers.get("cache-control")).toBe("no-store");
    expect(limited!.headers.get("x-content-type-options")).toBe("nosniff");
    expect(errorOf(limited!)).toMatchObject({ code: "rate_limited", retry_after: RATE_LIMIT_PERIOD_S });
    // Another client is not affected, nor are answers from cache.
    expect((await instrumentedFetch("/peliculas_idioma/es?n=x", { headers: { "CF-Connecting-IP": "198.51.100.8" } })).status).toBe(200);
    expect((await instrumentedFetch("/peliculas_idioma/es?n=0", client)).headers.get("x-cache")).toBe("HIT-MEMORY");
  });
});

describe("405", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH"])("%s on a route gets 405 with Allow", async (method) => {
    for (const path of [...ROUTES.map((r) => `/${r}`), "/health", "/openapi.json", "/docs"]) {
      const res = await get(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
      expect(errorOf(res)).toMatchObject({ code: "method_not_allowed", allow: ["GET", "HEAD"] });
    }
  });
  it("an unknown path stays 404 whatever the method", async () => {
    expect((await get("/nope", { method: "POST" })).status).toBe(404);
  });
});

describe("bench floor routes", () => {
  it.each(["/__bench/noop", "/__bench/d1", "/__bench/kv"])("%s is an unknown path unless BENCH=1", async (path) => {
    const res = await instrumentedFetch(path);
    expect(res.status).toBe(404);
    expect(errorOf(res).code).toBe("not_found");
  });
  it("BENCH=1: noop touches nothing, d1 makes one query, kv one read", async () => {
    await instrumentedFetch("/health");
    const noop = await instrumentedFetch("/__bench/noop", undefined, BENCH);
    expect(noop).toMatchObject({ status: 200, calls: { d1: 0, kv: 0 } });
    const d1 = await instrumentedFetch("/__bench/d1", undefined, BENCH);
    expect(d1).toMatchObject({ status: 200, body: { one: 1 }, calls: { d1: 1, kv: 0 } });
    const kv = await instrumentedFetch("/__bench/kv", undefined, BENCH);
    expect(kv).toMatchObject({ status: 200, calls: { d1: 0, kv: 1 } });
    expect(bodyOf(z.object({ bytes: z.number() }), kv).bytes).toBeGreaterThan(0);
  });
});
