// The Free plan's per-invocation limits for the cron reseed, counted: every scheduled()
// invocation of a reseed job — from the first one to the one after which GET /version shows no
// job in progress — makes at most 50 subrequests (D1 calls, KV and R2 operations) and at most 50
// D1 statements. Each job runs the Worker's own scheduled handler on the sample seed's bundles
// (test/reseed-fixture.ts), as many times as it takes; the data served afterwards is checked.
// CPU and memory per invocation are not timed here: `npm run bench:limits` measures them.

import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { HealthResponse } from "../../src/routes/health/health.schemas.ts";
import { VersionResponse } from "../../src/routes/version/version.schemas.ts";
import { get, getAs } from "../worker/http.ts";
import type { BundleName } from "./fixture-types.ts";
import { bundle, clock, expectServes, freshStorage, publish } from "./helpers.ts";
import { countingEnv, type InvocationCounts, subrequests } from "./invocation-counter.ts";

const FREE = { subrequests: 50, d1Statements: 50 };
/** The Worker as the runtime calls it (whatever parameters its scheduled() declares). */
const handler = worker as ExportedHandler<Env>;
/** A job still in progress after this many invocations is a failure of its own. */
const MAX_INVOCATIONS = 200;

interface Invocation {
  n: number;
  outcome: string | undefined;
  counts: InvocationCounts;
}

/** The outcome in the reseed's one JSON log line (event "reseed"), if it logged one. */
function outcomeOf(lines: unknown[][]): string | undefined {
  for (const [line] of [...lines].reverse()) {
    try {
      const j = JSON.parse(String(line)) as { event?: string; outcome?: string };
      if (j.outcome && (!j.event || j.event === "reseed")) return j.outcome;
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}

/**
 * Invokes scheduled() until the job is done; returns every invocation's counts. With
 * `counted: false` it only brings the database to a state (the counts stay at zero).
 */
async function runJob(counted = true): Promise<Invocation[]> {
  const runs: Invocation[] = [];
  for (let n = 1; n <= MAX_INVOCATIONS; n++) {
    const { env: countedEnv, counts } = countingEnv();
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const ctx = createExecutionContext();
    clock.advance(60_000); // wrangler.toml runs the cron every minute: KV settles over a few runs
    await handler.scheduled!(createScheduledController({ cron: "* * * * *", scheduledTime: clock.t }), counted ? countedEnv : env, ctx);
    await waitOnExecutionContext(ctx);
    const outcome = outcomeOf(log.mock.calls);
    log.mockRestore();
    runs.push({ n, outcome, counts });
    expect(outcome, `run ${n}`).not.toMatch(/failed|rejected/);
    const version = VersionResponse.safeParse((await get("/version")).body);
    const inProgress = version.success ? version.data.reseed.in_progress : null;
    if (!/progress|busy|waiting/.test(outcome ?? "") && inProgress === null) return runs;
  }
  throw new Error(`the job was not done after ${MAX_INVOCATIONS} scheduled() invocations`);
}

function expectWithinLimits(runs: Invocation[]) {
  const over = runs.filter((r) => subrequests(r.counts) > FREE.subrequests || r.counts.d1Statements > FREE.d1Statements);
  const summary = runs.map(
    (r) =>
      `#${r.n} ${r.outcome}: ${subrequests(r.counts)} subrequests (D1 ${r.counts.d1Calls} calls / ${r.counts.d1Statements} statements, KV ${r.counts.kvOps}, R2 ${r.counts.r2Ops})`,
  );
  expect(over, summary.join("\n")).toEqual([]);
}

/** Publishes `name`, runs its job with counted invocations, and checks what is served after. */
async function appliesWithinLimits(name: BundleName) {
  await publish(name);
  expectWithinLimits(await runJob());
  expect((await getAs(HealthResponse, "/health")).body.dataset?.version).toBe(bundle(name).version);
  await expectServes(name);
}

/** The starting point of an incremental job: `name` applied by the cron, not counted. */
async function live(name: BundleName) {
  await publish(name);
  await runJob(false);
  expect((await getAs(HealthResponse, "/health")).body.dataset?.version).toBe(bundle(name).version);
}

beforeEach(freshStorage);
afterEach(() => vi.restoreAllMocks());

describe("every scheduled() invocation of a reseed job stays within the Free plan's 50 subrequests and 50 D1 statements", () => {
  it("first load of the sample bundle into an empty database", async () => {
    await appliesWithinLimits("v1");
  });

  it("1% of the movies edited (runtime, revenue, votes)", async () => {
    await live("v1");
    await appliesWithinLimits("v3");
  });

  it("one movie edited", async () => {
    await live("v1");
    await appliesWithinLimits("v2");
  });

  it("the live version published again: one invocation, nothing to do", async () => {
    await live("v2");
    await publish("v2");
    const idle = await runJob();
    expect(idle).toHaveLength(1);
    expectWithinLimits(idle);
  });
});
