// Scheduled reseeding end to end in the Workers runtime: bundles built by the real ETL and the
// deltas publish computes between them (test/reseed-fixture.ts), put in R2, applied to D1 and
// KV by the cron handler or runReseed run after run — each run counted at the bindings and held
// to the Free plan's 50 subrequests — and checked table by table against the bundle they should
// serve.

import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import type { Step } from "../../src/reseed/run.ts";
import { HealthResponse } from "../../src/routes/health/health.schemas.ts";
import { DuracionResponse } from "../../src/routes/peliculas_duracion/peliculas_duracion.schemas.ts";
import { RecomendacionResponse } from "../../src/routes/recomendacion/recomendacion.schemas.ts";
import { VersionResponse } from "../../src/routes/version/version.schemas.ts";
import { LATEST_KEY, partKey } from "../../src/shared/bundle.ts";
import { shardKeyFor, shardKeysOf } from "../../src/shared/shard.ts";
import { errorOf, get, getAs } from "../worker/http.ts";
import {
  bundle,
  clock,
  countedReseed,
  deltaOf,
  expectServes,
  fixture,
  freshStorage,
  headOf,
  logs,
  manifestOf,
  publish,
  type Run,
  reseed,
  reseedUntilSettled,
  snapshot,
  totalRows,
} from "./helpers.ts";

const { edited } = fixture;
const runtimeOf = async (title: string) => (await getAs(DuracionResponse, `/peliculas_duracion/${encodeURIComponent(title)}`)).body.duracion;
const state = () => env.DB.prepare("SELECT job, lease_owner, (SELECT count(*) FROM reseed_stage) AS staged FROM reseed_state").first();
const firstLoad = async () => {
  await publish("v1");
  const runs = await reseedUntilSettled();
  expect(runs.at(-1)!.report.outcome).toBe("applied");
  return runs;
};

beforeEach(async () => {
  await freshStorage();
  logs.length = 0;
});
afterEach(() => vi.restoreAllMocks());

describe("the cron trigger", () => {
  it("loads the published bundle into an empty database, each run within the Free plan, one log line each", async () => {
    await publish("v1");
    expect((await get("/health")).status).toBe(503);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const lines = [];
    for (let i = 0; i < 100; i++) {
      clock.advance();
      // The handler runs on the real clock: no wait for KV to settle here (the tests below check that wait).
      await worker.scheduled(createScheduledController({ cron: "* * * * *", scheduledTime: clock.t }), { ...env, KV_SETTLE_SECONDS: "0" });
      const line = JSON.parse(log.mock.calls.at(-1)![0] as string);
      lines.push(line);
      expect(line.subrequests).toBeLessThanOrEqual(50);
      if (line.outcome !== "in_progress" && line.outcome !== "waiting") break;
      // Nothing is served until the switch: the data routes say so.
      expect((await get("/peliculas_idioma/en")).status).toBe(503);
    }
    expect(log).toHaveBeenCalledTimes(lines.length);
    const last = lines.at(-1)!;
    expect(last).toMatchObject({ event: "reseed", trigger: "cron", outcome: "applied", job: "first_load", version: bundle("v1").version, from: null });
    // Every distinct shard key written once, every row loaded once.
    const keys = new Set(shardKeysOf(manifestOf("v1").kv.map));
    expect(lines.reduce((n, l) => n + l.keys_written, 0)).toBe(keys.size);
    expect(lines.reduce((n, l) => n + l.rows_written, 0)).toBe(totalRows("v1"));
    await expectServes("v1");
    expect(await runtimeOf(edited.title)).toBe(edited.runtime.before);

    const version = await getAs(VersionResponse, "/version");
    expect(version.status).toBe(200);
    expect(version.body).toMatchObject({
      version: bundle("v1").version,
      applied_by: "reseed",
      counts: { movies: manifestOf("v1").counts.movies },
      reseed: { last_attempt: { outcome: "applied", trigger: "cron" }, in_progress: null },
    });
    expect((await getAs(HealthResponse, "/health")).body.dataset?.version).toBe(bundle("v1").version);
  });

  it("an idle run (the latest version is live) reads two things and writes nothing", async () => {
    await firstLoad();
    const { report, counted } = await countedReseed();
    expect(report).toMatchObject({ outcome: "up_to_date", rows_written: 0, keys_written: 0 });
    expect(counted).toEqual({ subrequests: 2, d1RowsWritten: 0 });
  });

  it("with no bundle published, a run says so and writes nothing after the first time", async () => {
    expect((await countedReseed()).report.outcome).toBe("no_bundle");
    const again = await countedReseed();
    expect(again.report.outcome).toBe("no_bundle");
    expect(again.counted.d1RowsWritten).toBe(0);
  });
});

describe("first load within the daily quotas", () => {
  it("a load bigger than a day's D1 write quota continues on the following days, each day within it", async () => {
    await publish("v1");
    const limit = 12_000;
    const perDay = new Map<string, number>();
    let sawProgress = false;
    const runs = [];
    for (let i = 0; i < 400; i++) {
      const run = await countedReseed({ vars: { RESEED_D1_ROWS_PER_DAY: String(limit) } });
      runs.push(run);
      const day = new Date(clock.t).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + run.counted.d1RowsWritten);
      expect(run.counted.subrequests).toBeLessThanOrEqual(50);
      if (run.report.outcome === "applied") break;
      const v = await getAs(VersionResponse, "/version");
      expect(v.status).toBe(503);
      if ((v.body.reseed.in_progress?.parts.done ?? 0) > 0) sawProgress = true;
      if (run.report.outcome === "waiting") {
        expect(v.body.reseed.in_progress!.waiting ?? run.report.message).toMatch(/00:00 UTC|settling/);
        clock.advance(3 * 3_600_000); // the next runs that could do something
      }
    }
    expect(runs.at(-1)!.report.outcome).toBe("applied");
    expect(sawProgress).toBe(true);
    expect(perDay.size).toBeGreaterThan(1);
    for (const [day, rows] of perDay) expect(rows, day).toBeLessThanOrEqual(limit);
    await expectServes("v1");
  });

  it("a part whose estimate passes a whole day's quota still loads: a day's first part always goes", async () => {
    await publish("v1");
    const largest = Math.max(...manifestOf("v1").tables.flatMap((t) => t.parts.map((p) => p.rows)));
    // Below the largest part's estimate (4 D1 rows per row before a table's own figure is known).
    const limit = largest * 3;
    const days = new Set<string>();
    let last: Run | undefined;
    for (let i = 0; i < 400; i++) {
      last = await countedReseed({ vars: { RESEED_D1_ROWS_PER_DAY: String(limit) } });
      days.add(new Date(clock.t).toISOString().slice(0, 10));
      if (last.report.outcome === "applied") break;
      if (last.report.outcome === "waiting") clock.advance(3 * 3_600_000);
    }
    expect(last!.report.outcome).toBe("applied");
    expect(days.size).toBeGreaterThan(1);
    await expectServes("v1");
  });

  it("KV writes beyond a day's quota wait for the next day", async () => {
    await publish("v1");
    const keys = shardKeysOf(manifestOf("v1").kv.map).length;
    const limit = Math.ceil(keys / 3);
    const perDay = new Map<string, number>();
    let last: Awaited<ReturnType<typeof countedReseed>>["report"] | undefined;
    for (let i = 0; i < 200; i++) {
      last = (await countedReseed({ vars: { RESEED_KV_WRITES_PER_DAY: String(limit) } })).report;
      const day = new Date(clock.t).toISOString().slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + last.keys_written);
      if (last.outcome === "applied") break;
      if (last.outcome === "waiting") clock.advance(6 * 3_600_000);
    }
    expect(last!.outcome).toBe("applied");
    expect(perDay.size).toBeGreaterThanOrEqual(3);
    for (const [day, n] of perDay) expect(n, day).toBeLessThanOrEqual(limit);
    await expectServes("v1");
  });
});

describe("deltas", () => {
  beforeEach(firstLoad);

  it("v1 -> v2 (one runtime edited) writes the movie's row and the version rows in one run, no KV key", async () => {
    await publish("v2");
    const runs = await reseedUntilSettled();
    expect(runs).toHaveLength(1);
    const r = runs[0]!.report;
    expect(r).toMatchObject({ outcome: "applied", job: "delta", from: bundle("v1").version, version: bundle("v2").version, keys_written: 0 });
    // The movie's row, its title's row (titles.movies holds the runtime), and dataset_meta's version and built_at.
    expect(r.rows_written).toBe(deltaOf("v1", "v2").rows);
    expect(r.rows_written).toBe(4);
    await expectServes("v2");
    expect(await runtimeOf(edited.title)).toBe(edited.runtime.after);

    const again = await countedReseed();
    expect(again.report).toMatchObject({ outcome: "up_to_date", rows_written: 0, keys_written: 0, keys_deleted: 0 });
    expect(again.counted.d1RowsWritten).toBe(0);
    await expectServes("v2");
  });

  it("a delta with 1% of the movies changed writes about 1% of the rows, each run within the Free plan", async () => {
    await publish("v3");
    const runs = await reseedUntilSettled();
    const last = runs.at(-1)!.report;
    expect(last.outcome).toBe("applied");
    const written = runs.reduce((n, r) => n + r.report.rows_written, 0);
    expect(bundle("v3").editedIds.length).toBe(Math.round(manifestOf("v3").counts.movies! / 100));
    expect(written).toBeGreaterThanOrEqual(bundle("v3").editedIds.length);
    expect(written / totalRows("v3")).toBeLessThan(0.02);
    await expectServes("v3");
  });

  it("readers see the old version or the new one, never a mix", async () => {
    await publish("v2");
    const seen = new Set<string>();
    let done = false;
    const poll = (async () => {
      for (let i = 0; i < 2000 && !done; i++) {
        const s = await snapshot(edited.id);
        seen.add(`${s?.version}:${s?.runtime}`);
      }
    })();
    await reseedUntilSettled();
    done = true;
    await poll;
    const allowed = [`${bundle("v1").version}:${edited.runtime.before}`, `${bundle("v2").version}:${edited.runtime.after}`];
    expect(
      [...seen].every((s) => allowed.includes(s)),
      [...seen].join(", "),
    ).toBe(true);
  });

  it("a delta spread over many runs (one part each) keeps the old version served until its switch", async () => {
    await publish("v3");
    const runs = [];
    for (let i = 0; i < 100; i++) {
      const run = await countedReseed({ limits: { bytesPerRun: 1 } });
      runs.push(run.report);
      if (run.report.outcome === "applied") break;
      await expectServes("v1");
      expect((await getAs(VersionResponse, "/version")).body.reseed.in_progress).toMatchObject({ job: "delta", version: bundle("v3").version, runs: i + 1 });
    }
    expect(runs.at(-1)!.outcome).toBe("applied");
    expect(runs.length).toBeGreaterThan(2);
    await expectServes("v3");
  });

  it("a newer bundle published while a delta is half-staged replaces it: the newest version is applied", async () => {
    await publish("v2");
    expect(
      (
        await reseed({
          limits: { bytesPerRun: 1 },
          afterStep: (s) => {
            if (s === "parts") throw new Error("stop");
          },
        })
      ).outcome,
    ).toBe("failed");
    await publish("v3", { from: ["v1", "v2"] });
    const runs = await reseedUntilSettled();
    expect(runs.at(-1)!.report).toMatchObject({ outcome: "applied", from: bundle("v1").version, version: bundle("v3").version });
    await expectServes("v3");
    expect(await state()).toEqual({ job: null, lease_owner: null, staged: 0 });
  });

  it("with no delta from the live version, nothing changes and the run says why (once)", async () => {
    await publish("v3", { from: ["v2"] });
    const first = await countedReseed();
    expect(first.report).toMatchObject({ outcome: "no_delta" });
    expect(first.report.message).toMatch(/npm run publish/);
    const again = await countedReseed();
    expect(again.report.outcome).toBe("no_delta");
    expect(again.counted.d1RowsWritten).toBe(0);
    await expectServes("v1");
    expect((await getAs(VersionResponse, "/version")).body.reseed.last_attempt).toMatchObject({ outcome: "no_delta" });
  });
});

describe("KV is eventually consistent", () => {
  beforeEach(firstLoad);

  it("new shard keys are written, then the switch waits until they have settled: readers never get a key too new", async () => {
    const d = deltaOf("v2", "v3");
    expect(d.kv.keys).toBeGreaterThan(0); // v3 edits overviews: similarities change
    await publish("v2");
    await reseedUntilSettled();
    await publish("v3");
    // Runs at one instant (a run moves at most RESEED_BYTES_PER_RUN of parts): stage, write the keys, then wait.
    const runs = [];
    do runs.push(await reseed({ now: () => clock.t }));
    while (runs.at(-1)!.outcome === "in_progress" && runs.length < 50);
    expect(runs.reduce((n, r) => n + r.keys_written, 0)).toBeGreaterThan(0);
    expect(runs.at(-1)!.outcome).toBe("waiting");
    // A minute later: still the old version; its shard map names only keys written long ago.
    clock.advance(60_000);
    expect((await reseed({ now: () => clock.t })).outcome).toBe("waiting");
    await expectServes("v2");
    clock.advance(60_000);
    expect((await reseed({ now: () => clock.t })).outcome).toBe("applied");
    await expectServes("v3");
  });

  it("a shard KV does not return is a 503, never an empty answer, and is not cached", async () => {
    const key = shardKeyFor(manifestOf("v1").kv.map, "toy story")!;
    const value = await env.RECS.get(key);
    await env.RECS.delete(key);
    const miss = await get("/recomendacion/toy%20story");
    expect(miss.status).toBe(503);
    expect(miss.headers.get("retry-after")).toBe("30");
    expect(miss.headers.get("cache-control")).toBe("no-store");
    expect(errorOf(miss)).toMatchObject({ code: "unavailable", retry_after: 30 });
    await env.RECS.put(key, value!);
    const hit = await getAs(RecomendacionResponse, "/recomendacion/toy%20story");
    expect(hit.status).toBe(200);
    expect(hit.body.recomendaciones).toHaveLength(5);
  });
});

describe("interrupted reseeds", () => {
  const steps: Step[] = ["lease", "parts", "kv", "switch"];
  for (const at of steps) {
    it(`a failure after "${at}" leaves one version fully served, and the next runs complete`, async () => {
      await firstLoad();
      await publish("v3");
      // Runs until one reaches the step (a delta with new KV keys switches in a later run).
      let failed: Awaited<ReturnType<typeof reseed>> | undefined;
      for (let i = 0; i < 20 && failed?.outcome !== "failed"; i++) {
        failed = await reseed({
          afterStep: (s) => {
            if (s === at) throw new Error(`injected fault after ${s}`);
          },
        });
      }
      expect(failed).toMatchObject({ outcome: "failed", message: `injected fault after ${at}` });
      await expectServes(at === "switch" ? "v3" : "v1");
      const runs = await reseedUntilSettled();
      expect(runs.at(-1)!.report.outcome).toBe(at === "switch" ? "up_to_date" : "applied");
      await expectServes("v3");
      expect(await state()).toEqual({ job: null, lease_owner: null, staged: 0 });
    });
  }

  it("a first load cut short at every step still completes, and nothing is loaded twice", async () => {
    await publish("v1");
    for (let i = 0; i < 300; i++) {
      const r = await reseed({
        afterStep: (s) => {
          if (s === "parts" && i % 2 === 0) throw new Error("killed");
        },
      });
      if (r.outcome === "applied") break;
    }
    await expectServes("v1");
  });

  it("a run holding the lease makes others wait; a lease left by a crashed run expires", async () => {
    await publish("v1");
    await env.DB.prepare("UPDATE reseed_state SET lease_owner = 'crashed-run', lease_until = ?1")
      .bind(clock.t + 120_000 + 60_000)
      .run();
    expect(await reseed()).toMatchObject({ outcome: "busy" });
    expect((await get("/health")).status).toBe(503);
    clock.advance(10 * 60_000);
    expect((await reseedUntilSettled()).at(-1)!.report.outcome).toBe("applied");
    await expectServes("v1");
  });
});

describe("bundles that fail their checks", () => {
  beforeEach(firstLoad);

  it("a delta part whose content does not match its hash is rejected, the live data untouched", async () => {
    await publish("v3");
    const part = partKey(deltaOf("v1", "v3").stage[0]!.sha256);
    await env.SEEDS.put(part, fixture.objects[part]!.replace(/\d{4}-\d{2}-\d{2}/, "1999-01-01"));
    const r = await reseed();
    expect(r).toMatchObject({ outcome: "rejected", keys_written: 0, rows_written: 0 });
    expect(r.message).toContain("fails its hash");
    await expectServes("v1");
    expect((await get("/version")).body).toMatchObject({ version: bundle("v1").version, reseed: { last_attempt: { outcome: "rejected" }, in_progress: null } });
  });

  it("a delta that does not match the hash in `latest` is rejected", async () => {
    await publish("v2");
    const key = fixture.deltas["v1-v2"]!.key;
    await env.SEEDS.put(key, fixture.objects[key]!.replace('"rows":', '"rows" :'));
    const r = await reseed();
    expect(r.outcome).toBe("rejected");
    expect(r.message).toContain(key);
    await expectServes("v1");
  });

  it("a missing part is rejected", async () => {
    const part = partKey(deltaOf("v1", "v3").stage[0]!.sha256);
    await publish("v3", { skip: (k) => k === part });
    await env.SEEDS.delete(part);
    const r = await reseed();
    expect(r.outcome).toBe("rejected");
    expect(r.message).toMatch(/is missing from the bucket/);
    await expectServes("v1");
  });

  it("a delta's part list that does not match its hash is rejected", async () => {
    await publish("v3");
    const list = partKey(deltaOf("v1", "v3").kv.parts.at(-1)!.sha256);
    await env.SEEDS.put(list, fixture.objects[list]!.replace('"keys":', '"keys" :'));
    const runs = await reseedUntilSettled();
    expect(runs.at(-1)!.report).toMatchObject({ outcome: "rejected", message: expect.stringContaining(`${list} fails its hash`) });
    await expectServes("v1");
    expect(await state()).toMatchObject({ job: null, lease_owner: null });
  });
});

describe("a first load whose bundle fails its checks", () => {
  it("a table part list that does not match its hash is rejected when a run reaches it; the load starts over once it is fixed", async () => {
    const list = partKey(headOf("v1").parts.at(-1)!.sha256);
    await publish("v1");
    await env.SEEDS.put(list, fixture.objects[list]!.replace('"rows":', '"rows" :'));
    const runs = await reseedUntilSettled();
    expect(runs.length).toBeGreaterThan(1); // the lists before it were loaded first
    expect(runs.at(-1)!.report).toMatchObject({ outcome: "rejected", job: "first_load", message: expect.stringContaining(`${list} fails its hash`) });
    expect((await get("/health")).status).toBe(503);
    expect((await getAs(VersionResponse, "/version")).body.reseed.in_progress).toBeNull();
    await env.SEEDS.put(list, fixture.objects[list]!);
    expect((await reseedUntilSettled()).at(-1)!.report.outcome).toBe("applied");
    await expectServes("v1");
  });
});

describe("data loaded without the reseed (npm run load)", () => {
  it("the next publish's delta from the loaded version applies", async () => {
    const { sql, kv, stateSql } = fixture.v1Load;
    const statements = [...sql, ...stateSql].map((s) => env.DB.prepare(s));
    for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));
    for (const e of kv) await env.RECS.put(e.key, e.value);
    expect((await get("/version")).body).toMatchObject({
      version: bundle("v1").version,
      applied_by: "full-load",
      counts: { movies: manifestOf("v1").counts.movies },
    });
    await publish("v2");
    const runs = await reseedUntilSettled();
    expect(runs.at(-1)!.report).toMatchObject({ outcome: "applied", rows_written: 4, keys_written: 0 }); // as in "v1 -> v2" above
    await expectServes("v2");
  });
});

describe("KV garbage collection", () => {
  it("deletes keys only replaced versions used once the grace period is over, never the live ones", async () => {
    await firstLoad();
    await publish("v3");
    await reseedUntilSettled();
    const live = new Set(shardKeysOf(manifestOf("v3").kv.map));
    const v1Only = shardKeysOf(manifestOf("v1").kv.map).filter((k) => !live.has(k));
    expect(v1Only.length).toBeGreaterThan(0);
    // Minutes after the switch a reader may still use v1's keys: nothing is deleted.
    expect(await reseed()).toMatchObject({ outcome: "up_to_date", keys_deleted: 0 });
    expect(await env.RECS.get(v1Only[0]!)).not.toBeNull();

    clock.advance(20 * 60_000);
    const later = await reseed();
    expect(later).toMatchObject({ outcome: "up_to_date", keys_deleted: v1Only.length });
    for (const k of v1Only) expect(await env.RECS.get(k)).toBeNull();
    await expectServes("v3");
    expect((await reseed()).keys_deleted).toBe(0);
  });
});

describe("POST /admin/reseed", () => {
  let log: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    log = vi.spyOn(console, "log").mockImplementation(() => {});
  });
  const call = (headers: Record<string, string> = {}, e: Env = env) =>
    worker.fetch(new Request("http://example.com/admin/reseed", { method: "POST", headers }), e, createExecutionContext());

  it("is 404 in the error envelope when no ADMIN_TOKEN secret is configured", async () => {
    const { ADMIN_TOKEN: _secret, ...withoutSecret } = env as Env & { ADMIN_TOKEN?: string };
    const res = await call({ Authorization: "Bearer test-admin-token" }, withoutSecret as Env);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("is 401 without the token or with a wrong one", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: "Bearer nope" },
      { Authorization: "test-admin-token" },
      { Authorization: "Bearer test-admin-token-and-more" },
    ];
    for (const headers of attempts) {
      const res = await call(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await env.SEEDS.get(LATEST_KEY)).toBeNull();
  });

  it("runs one reseed run with the right token, and says 409 while another one holds the lease", async () => {
    await publish("v1");
    const ok = await call({ Authorization: "Bearer test-admin-token" });
    expect(ok.status).toBe(200);
    // One run's worth of a first load: more runs (or the KV keys settling) before the switch.
    const body = (await ok.json()) as { reseed: { outcome: string } };
    expect(body).toMatchObject({ reseed: { trigger: "admin", job: "first_load", version: bundle("v1").version } });
    expect(["in_progress", "waiting"]).toContain(body.reseed.outcome);
    expect(log).toHaveBeenCalledTimes(1); // the run's one structured log line

    await env.DB.prepare("UPDATE reseed_state SET lease_owner = 'cron', lease_until = ?1")
      .bind(Date.now() + 60_000)
      .run();
    const busy = await call({ authorization: "bearer test-admin-token" });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ error: { code: "conflict", reseed: { outcome: "busy" } } });
  });

  it("answers 422 with the report when the bundle is rejected", async () => {
    await env.SEEDS.put(LATEST_KEY, JSON.stringify({ version: "x", manifest: "manifests/x.json", sha256: "0".repeat(64), publishedAt: "", deltas: {} }));
    const res = await call({ Authorization: "Bearer test-admin-token" });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "bundle_rejected", reseed: { outcome: "rejected" } } });
  });
});

describe("a cold isolate's first run", () => {
  it("reads a quarter of the byte budget (its code compiles as it runs); a warm run reads up to the whole", async () => {
    await publish("v1");
    const bytesPerRun = 400_000;
    const cold = await reseed({ cold: true, limits: { bytesPerRun } });
    const warm = await reseed({ cold: false, limits: { bytesPerRun } });
    expect(cold).toMatchObject({ outcome: "in_progress", job: "first_load" });
    expect(cold.bytes_read).toBeGreaterThan(0);
    expect(cold.bytes_read).toBeLessThanOrEqual(bytesPerRun / 4);
    expect(warm.bytes_read).toBeGreaterThan(bytesPerRun / 4);
    expect(warm.bytes_read).toBeLessThanOrEqual(bytesPerRun);
  });
});
