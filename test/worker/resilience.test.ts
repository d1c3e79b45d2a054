// Fault injection: what users get while D1 fails (an error, the daily-quota error, no answer),
// with and without a cached answer, and the bounds of the isolate caches. Faults are injected
// at the bindings (test/worker/instrumented.ts); clocks are moved with vitest's fake Date.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { FRESH_MS, forgetIsolateCache, isolateCacheSize, remember, STALE_MS } from "../../src/middleware/isolate-cache.ts";
import { errorOf } from "./http.ts";
import { instrumentedFetch } from "./instrumented.ts";

const DOWN = { failD1: true };
const QUOTA = { failD1: "D1_ERROR: Your account has exceeded D1's daily row read limit: SQLITE_ERROR" };
const HANG = { hangD1: true };
const quiet = () => vi.spyOn(console, "error").mockImplementation(() => {});

function expectUnavailable(res: Awaited<ReturnType<typeof instrumentedFetch>>) {
  expect(res.status, JSON.stringify(res.body)).toBe(503);
  expect(res.headers.get("retry-after")).toBe("30");
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const error = errorOf(res);
  expect(error).toMatchObject({ code: "unavailable", retry_after: 30 });
  expect(error.message).not.toMatch(/D1_ERROR|SQLITE|stack/);
}

beforeEach(() => {
  forgetIsolateCache();
  forgetActiveDataset();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("D1 failing, a request nothing cached answers", () => {
  const uncached = ["/peliculas_idioma/fr", "/get_director/john%20lasseter", "/buscar?q=toy", "/peliculas/862", "/franquicia/nope%20nope"];

  for (const [name, fault] of Object.entries({ "an error": DOWN, "the daily-quota error": QUOTA })) {
    it(`gets 503 + Retry-After in the error envelope on ${name}, never a 500`, async () => {
      await instrumentedFetch("/health"); // the isolate knows the version: only the route's own query fails
      quiet();
      for (const path of uncached) expectUnavailable(await instrumentedFetch(path, undefined, {}, fault));
    });
  }

  it("gets 503 when D1 does not answer in time", async () => {
    await instrumentedFetch("/health");
    quiet();
    expectUnavailable(await instrumentedFetch("/peliculas_pais/fr", undefined, { D1_TIMEOUT_MS: "50" }, HANG));
  });

  it("gets 503 in a cold isolate (no version known yet), and /health says no data", async () => {
    quiet();
    expectUnavailable(await instrumentedFetch("/peliculas_idioma/fr", undefined, {}, DOWN));
    const health = await instrumentedFetch("/health", undefined, {}, DOWN);
    expect(health.status).toBe(503);
  });
});

describe("D1 failing, a cached answer", () => {
  it("is still served from isolate memory, and the ETag still gets its 304", async () => {
    const path = "/productoras_exitosas/pixar%20animation%20studios";
    const first = await instrumentedFetch(path);
    expect(first.status).toBe(200);
    quiet();
    const again = await instrumentedFetch(path, undefined, {}, DOWN);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-cache")).toBe("HIT-MEMORY");
    expect(again.body).toEqual(first.body);
    const notModified = await instrumentedFetch(path, { headers: { "If-None-Match": first.headers.get("etag")! } }, {}, DOWN);
    expect(notModified.status).toBe(304);
  });

  it("keeps the last known dataset version when its refresh fails, and serves stale answers (stale-if-error)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const path = "/get_director/john%20lasseter";
    const first = await instrumentedFetch(path);
    expect(first.status).toBe(200);
    // Past the answer's freshness and the version's TTL: both would be re-read, D1 fails.
    vi.setSystemTime(Date.now() + FRESH_MS + 120_000);
    quiet();
    // With the Workers Cache API (a custom domain), it still holds the answer for this version.
    const edge = await instrumentedFetch(path, undefined, {}, QUOTA);
    expect(edge.status).toBe(200);
    expect(edge.headers.get("x-cache")).toBe("HIT-EDGE");
    // On *.workers.dev the Cache API keeps nothing: the isolate's own stale copy answers.
    vi.spyOn(caches.default, "match").mockResolvedValue(undefined);
    forgetIsolateCache();
    await instrumentedFetch(path); // the isolate's copy, made while D1 answered
    vi.setSystemTime(Date.now() + FRESH_MS + 120_000);
    const stale = await instrumentedFetch(path, undefined, {}, QUOTA);
    expect(stale.status).toBe(200);
    expect(stale.headers.get("x-cache")).toBe("STALE");
    expect(stale.body).toEqual(first.body);
    expect(stale.headers.get("etag")).toBe(first.headers.get("etag")); // same version
    // A day later, the stale copy is no longer offered: a clear 503, not an old answer forever.
    vi.setSystemTime(Date.now() + STALE_MS);
    expectUnavailable(await instrumentedFetch(path, undefined, {}, QUOTA));
    // D1 back: answers as before.
    vi.useRealTimers();
    forgetActiveDataset();
    expect((await instrumentedFetch(path)).status).toBe(200);
  });
});

describe("isolate caches", () => {
  it("answers in memory are bounded in entries and bytes", async () => {
    const body = "x".repeat(20_000);
    for (let i = 0; i < 1_200; i++) await remember(`k${i}`, new Response(body, { status: 200 }));
    const { entries, bytes } = isolateCacheSize();
    expect(entries).toBeLessThanOrEqual(1_000);
    expect(bytes).toBeLessThanOrEqual(8 * 2 ** 20);
    expect(entries).toBeGreaterThan(100);
  });
});
