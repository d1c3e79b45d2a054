// The Free plan's per-invocation limits for the cron reseed, counted: every scheduled()
// invocation of a reseed job — from the first one to the one after which GET /version shows no
// job in progress — makes at most 50 subrequests (D1 calls, KV and R2 operations) and at most 50
// D1 statements. Each job runs the Worker's own scheduled handler on the sample seed's bundles
// (test/reseed-fixture.ts), as many times as it takes; the data served afterwards is checked.
// CPU and memory per invocation are not timed here: `npm run bench:limits` measures them. What
// drives a run's CPU besides the parts it moves is counted instead: the part refs it reads and
// parses, which must be those of the lists holding the parts it works on, never every ref of
// the bundle (a first load used to re-read and parse the whole manifest in every run: 20 KB for
// the real data, 159 KB at 45k, ~3.5 MB at a million movies).

import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { HealthResponse } from "../../src/routes/health/health.schemas.ts";
import { VersionResponse } from "../../src/routes/version/version.schemas.ts";
import { LATEST_KEY, type ListRef, partKey } from "../../src/shared/bundle.ts";
import { get, getAs } from "../worker/http.ts";
import type { BundleName } from "./fixture-types.ts";
import { bundle, clock, expectServes, fixture, freshStorage, headOf, publish } from "./helpers.ts";
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

/** A part list of the fixture: its R2 key, its refs, and the R2 keys of the parts they name. */
interface ListObject {
  key: string;
  refs: number;
  names: Set<string>;
}
function listObjects(refs: ListRef[]): ListObject[] {
  return refs.map((r) => {
    const entries = JSON.parse(fixture.objects[partKey(r.sha256)]!) as (string | { sha256: string })[];
    return { key: partKey(r.sha256), refs: r.count, names: new Set(entries.flatMap((e) => (typeof e === "string" ? [] : [partKey(e.sha256)]))) };
  });
}

/**
 * Every invocation reads `latest` and the head (manifest or delta) at most once, and of the part
 * lists only those holding a part it reads, each once — plus at most one more (the list of the
 * part it stopped before, or the keys a delta retires, read at its switch) — so it never parses
 * every ref the bundle has.
 */
function expectReadsOnlyItsLists(runs: Invocation[], head: string, lists: ListObject[]) {
  const total = lists.reduce((n, l) => n + l.refs, 0);
  let listReads = 0;
  for (const r of runs) {
    const read = r.counts.r2Gets;
    const times = (key: string) => read.filter((k) => k === key).length;
    expect(times(LATEST_KEY), `run ${r.n}: latest`).toBe(1);
    expect(times(head), `run ${r.n}: ${head}`).toBeLessThanOrEqual(1);
    const listsRead = lists.filter((l) => read.includes(l.key));
    for (const l of listsRead) expect(times(l.key), `run ${r.n}: ${l.key} read once`).toBe(1);
    const unused = listsRead.filter((l) => ![...l.names].some((name) => read.includes(name)));
    expect(unused.length, `run ${r.n} read lists it took no part from`).toBeLessThanOrEqual(1);
    const refs = listsRead.reduce((n, l) => n + l.refs, 0);
    expect(refs, `run ${r.n} parsed ${refs} of the ${total} refs`).toBeLessThan(total);
    listReads += listsRead.length;
  }
  // Each list is read by a run that works on it (a list whose parts span runs, again by the next).
  expect(listReads).toBeGreaterThanOrEqual(lists.length);
}

describe("every scheduled() invocation reads the bundle's head and only the part lists it works on", () => {
  it("first load: the manifest's head, and the table and KV part lists of the parts it applies", async () => {
    await publish("v1");
    const runs = await runJob();
    const head = headOf("v1");
    const lists = listObjects([...head.parts, ...head.kv.parts]);
    expect(lists.length).toBeGreaterThanOrEqual(6); // FIXTURE_LIST_BYTES: the sample bundle spans several lists
    expect(runs.length).toBeGreaterThan(2);
    expectReadsOnlyItsLists(runs, bundle("v1").manifestKey, lists);
  });

  it("a delta: its head, and the stage and KV part lists of the parts it applies (the retired keys at the switch)", async () => {
    await live("v1");
    await publish("v3");
    const runs = await runJob();
    const key = fixture.deltas["v1-v3"]!.key;
    const delta = JSON.parse(fixture.objects[key]!) as { parts: ListRef[]; kv: { parts: ListRef[]; retire: ListRef } };
    const lists = listObjects([...delta.parts, ...delta.kv.parts, delta.kv.retire]);
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expectReadsOnlyItsLists(runs, key, lists);
    await expectServes("v3");
  });
});
