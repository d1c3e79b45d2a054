// Benchmark mode: set only by scripts/bench-api.ts (`wrangler dev --var BENCH:1`), never in
// wrangler.toml. It enables the /__bench floor routes and lets a request skip the edge cache,
// so the bench can measure what a route costs when it is not cached.

/** Request header that skips the edge cache (ETag, Cache API) — honoured only in bench mode. */
export const BENCH_NO_CACHE_HEADER = "x-bench-no-cache";

/** `env` is the Worker's Env (typed loosely so scripts/bench-api.ts can import this module). */
export function benchMode(env: object): boolean {
  // Not a declared var (wrangler types would type it as a literal), so read it loosely.
  return (env as { BENCH?: string }).BENCH === "1";
}
