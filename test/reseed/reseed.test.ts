// Scheduled reseeding end to end in the Workers runtime: bundles built by the real ETL
// (test/reseed-fixture.ts), published to R2, applied to D1 and KV by the cron handler or
// runReseed, and checked table by table against the bundle they should serve.
import { createExecutionContext, createScheduledController, env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import type { Step } from "../../src/reseed/run.ts";
import { LATEST_KEY } from "../../src/shared/bundle.ts";
import { get } from "../worker/http.ts";
import {
  bundle, clock, expectServes, fixture, freshStorage, logs, manifestOf, publish, reseed, snapshot, totalRows,
} from "./helpers.ts";

const { edited } = fixture;
const runtimeOf = async (title: string) => (await get(`/peliculas_duracion/${encodeURIComponent(title)}`)).body.duracion;

beforeEach(async () => {
  await freshStorage();
  logs.length = 0;
});
afterEach(() => vi.restoreAllMocks());

describe("the cron trigger", () => {
  it("loads the published bundle into an empty database and logs one structured line", async () => {
    await publish("v1");
    expect((await get("/health")).status).toBe(503);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await worker.scheduled(createScheduledController({ cron: "30 3 * * *", scheduledTime: clock.t }), env);

    expect(log).toHaveBeenCalledTimes(1);
    const line = JSON.parse(log.mock.calls[0]![0] as string);
    // Every distinct shard key (empty shards share one content-addressed key).
    const keys = new Set(manifestOf("v1").kv.parts.flatMap((p) => p.keys));
    expect(line).toMatchObject({ event: "reseed", trigger: "cron", outcome: "applied", version: bundle("v1").version, from: null, keys_written: keys.size });
    expect(line.rows_written).toBe(totalRows("v1"));
    expect(line.d1_queries).toBeLessThanOrEqual(50);
    await expectServes("v1");
    expect(await runtimeOf(edited.title)).toBe(edited.runtime.before);

    const version = await get("/version");
    expect(version.status).toBe(200);
    expect(version.body).toMatchObject({
      version: bundle("v1").version, applied_by: "reseed", counts: { movies: manifestOf("v1").counts.movies },
      reseed: { last_attempt: { outcome: "applied", trigger: "cron" }, in_progress: null },
    });
    expect((await get("/health")).body.dataset.version).toBe(bundle("v1").version);
  });
});

describe("incremental reseed", () => {
  beforeEach(async () => {
    await publish("v1");
    expect((await reseed()).outcome).toBe("applied");
  });

  it("v1 -> v2 writes the one edited movie (and the version row), no KV key; re-running writes nothing", async () => {
    await publish("v2");
    const r = await reseed();
    expect(r).toMatchObject({ outcome: "applied", from: bundle("v1").version, version: bundle("v2").version, keys_written: 0 });
    // The movie's row, its title's row (titles.movies holds the runtime), and dataset_meta's version and built_at.
    expect(r.rows_written).toBe(4);
    await expectServes("v2");
    expect(await runtimeOf(edited.title)).toBe(edited.runtime.after);

    const again = await reseed();
    expect(again).toMatchObject({ outcome: "up_to_date", rows_written: 0, keys_written: 0, keys_deleted: 0 });
    // The same bundle published again (a new `latest` object, same version): still nothing.
    await publish("v2");
    expect(await reseed()).toMatchObject({ outcome: "up_to_date", rows_written: 0, keys_written: 0 });
    await expectServes("v2");
  });

  it("a bundle with 1% of the movies changed writes about 1% of the rows and only their KV shards", async () => {
    await publish("v3");
    const r = await reseed();
    const movies = manifestOf("v3").counts.movies!;
    expect(bundle("v3").editedIds.length).toBe(Math.round(movies / 100));
    expect(r.outcome).toBe("applied");
    expect(r.rows_written).toBeGreaterThanOrEqual(bundle("v3").editedIds.length);
    expect(r.rows_written / totalRows("v3")).toBeLessThan(0.02);
    expect(r.keys_written).toBeGreaterThan(0);
    expect(r.keys_written).toBeLessThanOrEqual(bundle("v3").editedIds.length);
    expect(r.d1_queries).toBeLessThanOrEqual(50);
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
    await reseed();
    done = true;
    await poll;
    const allowed = [`${bundle("v1").version}:${edited.runtime.before}`, `${bundle("v2").version}:${edited.runtime.after}`];
    expect([...seen].every((s) => allowed.includes(s)), [...seen].join(", ")).toBe(true);
  });
});

describe("interrupted reseeds", () => {
  const steps: Step[] = ["lease", "manifest", "stage", "kv", "switch", "gc"];
  for (const [i, at] of steps.entries()) {
    it(`a failure after "${at}" leaves one version fully served, and the next run completes`, async () => {
      await publish("v1");
      await reseed();
      await publish("v3");
      const failed = await reseed({ afterStep: (s) => { if (s === at) throw new Error(`injected fault after ${s}`); } });
      expect(failed).toMatchObject({ outcome: "failed", message: `injected fault after ${at}` });
      const switched = i >= steps.indexOf("switch");
      await expectServes(switched ? "v3" : "v1");

      const next = await reseed();
      expect(next.outcome).toBe(switched ? "up_to_date" : "applied");
      await expectServes("v3");
      const state = await env.DB.prepare("SELECT job, lease_owner, (SELECT count(*) FROM reseed_stage) AS staged FROM reseed_state").first();
      expect(state).toEqual({ job: null, lease_owner: null, staged: 0 });
    });
  }

  it("a change too large for one run is staged over several, readers keep the old version meanwhile", async () => {
    await publish("v1");
    await reseed();
    await publish("v3");
    const reports = [];
    for (let i = 0; i < 50; i++) {
      const r = await reseed({ limits: { stageBytesPerRun: 1 } }); // one bucket diff per run
      reports.push(r);
      if (r.outcome !== "in_progress") break;
      await expectServes("v1");
      expect((await get("/version")).body.reseed.in_progress).toMatchObject({ version: bundle("v3").version, runs: i + 1 });
    }
    const last = reports.at(-1)!;
    expect(reports.length).toBeGreaterThan(2);
    expect(last).toMatchObject({ outcome: "applied", runs: reports.length });
    expect(last.staged.done).toBe(last.staged.total);
    await expectServes("v3");
  });

  it("a first load larger than one run's budget also completes over several runs", async () => {
    await publish("v1");
    let r;
    let runs = 0;
    do {
      r = await reseed({ limits: { stageBytesPerRun: 100_000 } });
      runs++;
      if (r.outcome === "in_progress") expect((await get("/health")).status).toBe(503);
    } while (r.outcome === "in_progress" && runs < 50);
    expect(r.outcome).toBe("applied");
    expect(runs).toBeGreaterThan(2);
    await expectServes("v1");
  });

  it("a run holding the lease makes others wait; a lease left by a crashed run expires", async () => {
    await publish("v1");
    await env.DB.prepare("UPDATE reseed_state SET lease_owner = 'crashed-run', lease_until = ?1").bind(clock.t + 3_600_000 + 60_000).run();
    expect(await reseed()).toMatchObject({ outcome: "busy" });
    expect((await get("/health")).status).toBe(503);
    clock.advance(20 * 60_000);
    expect(await reseed()).toMatchObject({ outcome: "applied" });
    await expectServes("v1");
  });
});

describe("bundles that fail their checks", () => {
  beforeEach(async () => {
    await publish("v1");
    await reseed();
  });

  it("a part whose content does not match its hash is rejected, the active data untouched", async () => {
    await publish("v3");
    const v1Parts = new Set(bundle("v1").parts);
    const changed = bundle("v3").parts.find((k) => !v1Parts.has(k) && JSON.parse(fixture.objects[k]!).table === "movies")!;
    const tampered = fixture.objects[changed]!.replace(/"Toy Story"|\d{4}-\d{2}-\d{2}/, (m) => (m.startsWith('"') ? '"Toy Storm"' : "1999-01-01"));
    expect(tampered).not.toBe(fixture.objects[changed]);
    await env.SEEDS.put(changed, tampered);

    const r = await reseed();
    expect(r).toMatchObject({ outcome: "rejected", keys_written: 0, rows_written: 0 });
    expect(r.message).toContain(changed);
    expect(r.message).toContain("fails its hash");
    await expectServes("v1");
    const version = await get("/version");
    expect(version.body).toMatchObject({ version: bundle("v1").version, reseed: { last_attempt: { outcome: "rejected" }, in_progress: null } });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM reseed_stage").first("n")).toBe(0);
  });

  it("a manifest that does not match the hash in `latest` is rejected", async () => {
    await publish("v2");
    await env.SEEDS.put(bundle("v2").manifestKey, bundle("v2").manifestText.replace('"format": 1', '"format": 1 '));
    const r = await reseed();
    expect(r).toMatchObject({ outcome: "rejected" });
    expect(r.message).toContain(bundle("v2").manifestKey);
    await expectServes("v1");
  });

  it("a missing part is rejected", async () => {
    const v1Parts = new Set(bundle("v1").parts);
    await publish("v2", { skipParts: (k) => !v1Parts.has(k) && JSON.parse(fixture.objects[k]!).table === "movies" });
    const r = await reseed();
    expect(r.outcome).toBe("rejected");
    expect(r.message).toMatch(/is missing from the bucket/);
    await expectServes("v1");
  });
});

describe("data loaded without the reseed (npm start's full load)", () => {
  async function fullLoad(withState: boolean) {
    const { sql, kv, stateSql } = fixture.v1Load;
    const statements = [...sql, ...(withState ? stateSql : [])].map((s) => env.DB.prepare(s));
    for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));
    for (const e of kv) await env.RECS.put(e.key, e.value);
  }

  it("with the state a full load records, the next reseed diffs against it (old parts read from the live tables)", async () => {
    await fullLoad(true);
    expect((await get("/version")).body).toMatchObject({ version: bundle("v1").version, applied_by: "full-load" });
    await publish("v3"); // v1's parts were never published: the diff reads the live rows instead
    const r = await reseed();
    expect(r.outcome).toBe("applied");
    expect(r.rows_written / totalRows("v3")).toBeLessThan(0.02);
    expect(r.keys_written).toBeLessThanOrEqual(bundle("v3").editedIds.length);
    await expectServes("v3");
  });

  it("with no state at all, the reseed still writes only what differs from the live tables", async () => {
    await fullLoad(false);
    expect((await get("/version")).body).toMatchObject({
      version: bundle("v1").version, applied_at: null, applied_by: null, counts: { movies: manifestOf("v1").counts.movies },
    });
    await publish("v2");
    const r = await reseed();
    expect(r).toMatchObject({ outcome: "applied", rows_written: 4, keys_written: 0 }); // as in "v1 -> v2" above
    await expectServes("v2");
  });
});

describe("KV garbage collection", () => {
  it("deletes shard keys no version uses once the grace period is over, never the live ones", async () => {
    await publish("v1");
    await reseed();
    await publish("v3");
    await reseed();
    await env.RECS.put("recs:orphan", "{}");
    const v1Only = manifestOf("v1").kv.parts.flatMap((p) => p.keys).filter((k) => !manifestOf("v3").kv.parts.some((p) => p.keys.includes(k)));
    expect(v1Only.length).toBeGreaterThan(0);

    // Minutes after the switch a reader may still use v1's keys: nothing is deleted.
    expect(await reseed({ now: () => clock.t + 60_000 })).toMatchObject({ outcome: "up_to_date", keys_deleted: 0 });
    expect(await env.RECS.get(v1Only[0]!)).not.toBeNull();

    const later = await reseed();
    expect(later).toMatchObject({ outcome: "up_to_date", keys_deleted: v1Only.length + 1 });
    expect(await env.RECS.get("recs:orphan")).toBeNull();
    for (const k of v1Only) expect(await env.RECS.get(k)).toBeNull();
    await expectServes("v3");
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
      {}, { Authorization: "Bearer nope" }, { Authorization: "test-admin-token" }, { Authorization: "Bearer test-admin-token-and-more" },
    ];
    for (const headers of attempts) {
      const res = await call(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await env.SEEDS.get(LATEST_KEY)).toBeNull();
  });

  it("runs the reseed with the right token, and says 409 while another one holds the lease", async () => {
    await publish("v1");
    const ok = await call({ Authorization: "Bearer test-admin-token" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ reseed: { outcome: "applied", trigger: "admin", version: bundle("v1").version } });
    expect(log).toHaveBeenCalledTimes(1); // the run's one structured log line
    await expectServes("v1");

    await publish("v2");
    await env.DB.prepare("UPDATE reseed_state SET lease_owner = 'cron', lease_until = ?1").bind(Date.now() + 60_000).run();
    const busy = await call({ authorization: "bearer test-admin-token" });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ error: { code: "conflict", reseed: { outcome: "busy" } } });
  });

  it("answers 422 with the report when the bundle is rejected", async () => {
    await env.SEEDS.put(LATEST_KEY, JSON.stringify({ version: "x", manifest: "manifests/x.json", sha256: "0".repeat(64), publishedAt: "" }));
    const res = await call({ Authorization: "Bearer test-admin-token" });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "bundle_rejected", reseed: { outcome: "rejected" } } });
  });
});
