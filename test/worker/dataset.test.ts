// The dataset every isolate keeps in memory (src/db/dataset.ts): its refresh is one statement
// over the few dataset_meta rows (a budget of 5 rows read), at most once a minute.
import { afterEach, describe, expect, it, vi } from "vitest";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { instrumentedFetch } from "./instrumented.ts";

afterEach(() => vi.useRealTimers());

describe("the per-isolate dataset refresh", () => {
  it("reads at most 5 rows, once a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    forgetActiveDataset();
    const cold = await instrumentedFetch("/health");
    expect(cold.status).toBe(200);
    expect(cold.calls.d1).toBe(1);
    expect(cold.calls.rowsRead).toBeGreaterThan(0);
    expect(cold.calls.rowsRead).toBeLessThanOrEqual(5);
    expect((await instrumentedFetch("/health")).calls.d1).toBe(0);
    vi.setSystemTime(Date.now() + 61_000);
    const refreshed = await instrumentedFetch("/health");
    expect(refreshed.calls.d1).toBe(1);
    expect(refreshed.calls.rowsRead).toBeLessThanOrEqual(5);
  });
});
