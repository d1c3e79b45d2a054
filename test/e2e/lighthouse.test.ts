// bestOf's handling of Lighthouse's runtime errors, with a stand-in for the Lighthouse run: a
// trace recording error (Lighthouse: "Please run Lighthouse again") costs a retry, not the test;
// any other error, or more trace errors than TRACE_RETRIES, fails.
import { describe, expect, it } from "vitest";
import { bestOf, type Category, RUNS, type Run, TRACE_RETRIES, TraceRecordingError } from "./lighthouse.ts";

const run = (performance: number): Run => ({
  scores: { performance },
  benchmarkIndex: 1000,
  multiplier: 2.2,
  metrics: { fcp: "-", lcp: "-", tbt: "-", cls: "-", si: "-" },
  failing: [],
  applicable: [],
});

/** A runner that plays `script` in order: a number is a run with that performance score, a string an error of that code. */
function scripted(script: (number | string)[]) {
  const calls: (readonly Category[])[] = [];
  const runner = async (_url: string, categories: readonly Category[]) => {
    calls.push(categories);
    const next = script[calls.length - 1];
    if (next === undefined) throw new Error("runner called more often than scripted");
    if (typeof next === "number") return run(next);
    if (next === "NO_FCP") throw new Error("Lighthouse: NO_FCP The page did not paint any content.");
    throw new TraceRecordingError(next, "Something went wrong with recording the trace over your page load.");
  };
  return { runner, calls };
}

describe("bestOf", () => {
  it("runs again after a trace recording error, and the lost run does not count", async () => {
    const { runner, calls } = scripted(["NO_NAVSTART", "NO_TRACING_STARTED", 95]);
    const { runs, best } = await bestOf("http://x/", { performance: 90 }, runner);
    expect(calls).toHaveLength(3);
    expect(calls[0]).toEqual(["performance"]);
    expect(runs).toHaveLength(1);
    expect(best.scores.performance).toBe(95);
  });

  it("fails after more trace recording errors than TRACE_RETRIES", async () => {
    const { runner, calls } = scripted(Array(TRACE_RETRIES + 1).fill("NO_NAVSTART"));
    await expect(bestOf("http://x/", { performance: 90 }, runner)).rejects.toThrow(/NO_NAVSTART/);
    expect(calls).toHaveLength(TRACE_RETRIES + 1);
  });

  it("fails at once on an error that is a verdict on the page (nothing painted)", async () => {
    const { runner, calls } = scripted(["NO_FCP", 95]);
    await expect(bestOf("http://x/", { performance: 90 }, runner)).rejects.toThrow(/NO_FCP/);
    expect(calls).toHaveLength(1);
  });

  it("keeps the best of RUNS runs when none meets the thresholds", async () => {
    const scores = Array.from({ length: RUNS }, (_, i) => 80 + ((i * 7) % 9));
    const { runner } = scripted(scores);
    const { runs, best } = await bestOf("http://x/", { performance: 90 }, runner);
    expect(runs).toHaveLength(RUNS);
    expect(best.scores.performance).toBe(Math.max(...scores));
  });
});
