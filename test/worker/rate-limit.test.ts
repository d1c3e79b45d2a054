// The rate limit's loopback switch: a client on this machine (npm start, the browser tests, a
// script over every title) is not limited unless RATE_LIMIT_LOCAL=1; any other address is, as on
// Cloudflare. The 429 itself (envelope, Retry-After, per client) is covered in edge.test.ts.
import { describe, expect, it } from "vitest";
import { isLoopback } from "../../src/middleware/rate-limit.ts";
import { instrumentedFetch } from "./instrumented.ts";

/** 2×limit+1 requests within one window always trip the binding (it counts in fixed windows). */
const TRIPS = 201;

/** Status counts of TRIPS requests from `ip`, each to a distinct URL (cached answers are not counted). */
async function burst(ip: string, tag: string, vars: Record<string, string> = {}) {
  const statuses: Record<number, number> = {};
  for (let i = 0; i < TRIPS; i++) {
    const res = await instrumentedFetch(`/peliculas_idioma/es?${tag}=${i}`, { headers: { "CF-Connecting-IP": ip } }, vars);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
  return statuses;
}

describe("loopback addresses", () => {
  it.each(["127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])("%s is loopback", (ip) => {
    expect(isLoopback(ip)).toBe(true);
  });
  it.each(["128.0.0.1", "10.127.0.1", "1.127.0.0", "::2", "::ffff:10.0.0.1", "2001:db8::1", "127.0.0.1.example", ""])("%s is not", (ip) => {
    expect(isLoopback(ip)).toBe(false);
  });
});

describe("rate limit on loopback", () => {
  it("a loopback client is not limited by default", async () => {
    expect(await burst("127.0.0.1", "a")).toEqual({ 200: TRIPS });
  });
  it("RATE_LIMIT_LOCAL=1 limits it like any client", async () => {
    const statuses = await burst("127.0.0.2", "b", { RATE_LIMIT_LOCAL: "1" });
    expect(statuses[429]).toBeGreaterThan(0);
    expect(statuses[200]).toBeGreaterThanOrEqual(10);
  });
  it("a non-loopback client is limited whatever the switch says", async () => {
    expect((await burst("198.51.100.77", "c"))[429]).toBeGreaterThan(0);
  });
});
