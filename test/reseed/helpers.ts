// Helpers of the reseed tests: a fresh database, publishing a fixture bundle to R2 as
// scripts/publish.ts does, running reseeds with a test clock and counted bindings, and checking
// that D1 and KV hold exactly one bundle's content.

import { applyD1Migrations, reset } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { forgetShards } from "../../src/db/recommendations.ts";
import { forgetIsolateCache } from "../../src/middleware/isolate-cache.ts";
import type { ReseedReport } from "../../src/reseed/report.ts";
import { type ReseedEnv, type ReseedOptions, runReseed } from "../../src/reseed/run.ts";
import {
  type BundleManifest,
  type Cell,
  type DeltaManifest,
  type KvPartRef,
  keyText,
  kvPartValues,
  LATEST_KEY,
  type LatestPointer,
  listEntries,
  type ManifestHead,
  type PartRef,
  partKey,
  resolveManifest,
  type TablePart,
} from "../../src/shared/bundle.ts";
import { BUNDLES, type BundleName } from "./fixture-types.ts";

export const fixture = env.TEST_RESEED;
export const bundle = (name: BundleName) => fixture.bundles[name];
/** A fixture object named by its hash (a part or a part list), as text. */
const objectText = (sha256: string) => fixture.objects[partKey(sha256)]!;
/** A bundle's manifest head, as stored. */
export const headOf = (name: BundleName): ManifestHead => JSON.parse(fixture.objects[bundle(name).manifestKey]!);
/** A bundle's whole manifest, every part list resolved. */
export const manifestOf = (name: BundleName): BundleManifest => resolveManifest(headOf(name), objectText);
/** A delta as stored, with what its lists hold. */
export function deltaOf(from: BundleName, to: BundleName) {
  const head = JSON.parse(fixture.objects[fixture.deltas[`${from}-${to}`]!.key]!) as DeltaManifest;
  return {
    ...head,
    stage: listEntries<PartRef>(head.parts, objectText),
    kvParts: listEntries<KvPartRef>(head.kv.parts, objectText),
    retire: listEntries<string>([head.kv.retire], objectText),
  };
}

/** Empty D1 (schema only), KV and R2, and no isolate state. */
export async function freshStorage() {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  forgetActiveDataset();
  forgetShards();
  forgetIsolateCache();
}

/**
 * What `npm run publish` leaves in the bucket: the objects (all fixture objects, as if every
 * version had been published in turn, except those `skip` drops), then `latest` naming `name`
 * with its deltas from the `from` versions (default: every other one).
 */
export async function publish(name: BundleName, opts: { from?: BundleName[]; skip?: (key: string) => boolean } = {}) {
  for (const [key, body] of Object.entries(fixture.objects)) if (!opts.skip?.(key)) await env.SEEDS.put(key, body);
  const from = opts.from ?? BUNDLES.filter((b) => b !== name);
  const b = bundle(name);
  const latest: LatestPointer = {
    version: b.version,
    manifest: b.manifestKey,
    sha256: b.manifestSha,
    publishedAt: new Date(clock.t).toISOString(),
    deltas: Object.fromEntries(from.map((f) => [bundle(f).version, fixture.deltas[`${f}-${name}`]!])),
  };
  await env.SEEDS.put(LATEST_KEY, JSON.stringify(latest));
}

/** A clock the tests move: every run starts two minutes after the previous one unless told (cron: every minute). */
export const clock = {
  t: Date.parse("2026-11-01T03:30:00Z"),
  advance(ms = 120_000) {
    this.t += ms;
  },
};
export const logs: string[] = [];

/** Subrequests and D1 rows written per run, counted at the bindings (not taken from the report). */
export interface Counted {
  subrequests: number;
  d1RowsWritten: number;
}

function counted(c: Counted): ReseedEnv {
  const tally = (r: { meta?: { rows_written?: number } }) => {
    c.d1RowsWritten += r.meta?.rows_written ?? 0;
  };
  const wrap = <T extends object>(target: T, calls: string[], onResult?: (r: unknown) => void): T =>
    new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (calls.includes(prop as string)) c.subrequests++;
          const out = (value as (...a: unknown[]) => unknown).apply(t, args);
          if (onResult && out instanceof Promise)
            return out.then((r) => {
              onResult(r);
              return r;
            });
          return out;
        };
      },
    });
  const statement = (s: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(s, {
      get(t, prop) {
        const value = Reflect.get(t, prop) as unknown;
        if (typeof value !== "function") return value;
        if (prop === "bind") return (...args: unknown[]) => statement(t.bind(...args));
        if (["first", "all", "run", "raw"].includes(prop as string)) {
          return (...args: unknown[]) => {
            c.subrequests++;
            return (value as (...a: unknown[]) => unknown).apply(t, args);
          };
        }
        return (value as (...a: unknown[]) => unknown).bind(t);
      },
    });
    originals.set(proxy, s);
    return proxy;
  };
  const DB = new Proxy(env.DB, {
    get(t, prop) {
      if (prop === "prepare") return (sql: string) => statement(t.prepare(sql));
      if (prop === "batch") {
        return async (stmts: D1PreparedStatement[]) => {
          c.subrequests++;
          // batch() needs the binding's own statement objects.
          const results = await t.batch(stmts.map((s) => originals.get(s) ?? s));
          results.forEach(tally);
          return results;
        };
      }
      const value = Reflect.get(t, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(t) : value;
    },
  });
  const RECS = wrap(env.RECS, ["get", "getWithMetadata", "put", "delete", "list"]);
  const SEEDS = wrap(env.SEEDS, ["get", "head", "put", "delete", "list"]);
  return { ...env, DB, RECS, SEEDS };
}

/** Counted statement -> the binding's own one. */
const originals = new WeakMap<object, D1PreparedStatement>();

export interface Run {
  report: ReseedReport;
  counted: Counted;
}

/** One reseed run (clock moved first unless `now` is given), with its bindings counted. */
export async function reseed(opts: Partial<ReseedOptions> & { vars?: Record<string, string> } = {}): Promise<ReseedReport> {
  return (await countedReseed(opts)).report;
}

export async function countedReseed(opts: Partial<ReseedOptions> & { vars?: Record<string, string> } = {}): Promise<Run> {
  if (!opts.now) clock.advance();
  const c: Counted = { subrequests: 0, d1RowsWritten: 0 };
  const { vars, ...rest } = opts;
  const report = await runReseed({ ...counted(c), ...vars }, { trigger: "test", now: () => clock.t, log: (l) => logs.push(l), ...rest });
  return { report, counted: c };
}

/** Runs until the job is applied (or nothing happens any more); every run within the Free plan's 50 subrequests. */
export async function reseedUntilSettled(opts: Partial<ReseedOptions> & { vars?: Record<string, string> } = {}, maxRuns = 200): Promise<Run[]> {
  const runs: Run[] = [];
  for (let i = 0; i < maxRuns; i++) {
    const run = await countedReseed(opts);
    runs.push(run);
    expect(run.counted.subrequests, `run ${i + 1}: ${JSON.stringify(run.report)}`).toBeLessThanOrEqual(50);
    expect(run.report.subrequests).toBe(run.counted.subrequests);
    if (!["in_progress", "waiting"].includes(run.report.outcome)) return runs;
  }
  throw new Error(`no end after ${maxRuns} runs: ${JSON.stringify(runs.at(-1)?.report)}`);
}

/** Every row of a table of the bundle, as arrays in its column order, sorted by key. */
function bundleRows(table: BundleManifest["tables"][number]): string[] {
  const keyIndex = table.key.map((k) => table.columns.indexOf(k));
  const rows: Cell[][] = table.parts.flatMap((p) => (JSON.parse(fixture.objects[partKey(p.sha256)]!) as TablePart).rows);
  return rows.map((r) => `${keyText(r, keyIndex)} ${JSON.stringify(r)}`).sort();
}

/** The values of a KV part of the fixture, by key. */
export function kvPartText(sha256: string): Map<string, string> {
  const values = kvPartValues(new TextEncoder().encode(fixture.objects[partKey(sha256)]!));
  return new Map([...values].map(([k, v]) => [k, new TextDecoder().decode(v)]));
}

/** D1 and KV serve exactly this bundle: every table row for row, every shard key with its value. */
export async function expectServes(name: BundleName) {
  const m = manifestOf(name);
  for (const t of m.tables) {
    const keyIndex = t.key.map((k) => t.columns.indexOf(k));
    const live = await env.DB.prepare(`SELECT ${t.columns.map((c) => `"${c}"`).join(", ")} FROM "${t.name}"`).raw<Cell[]>();
    const liveRows = live.map((r) => `${keyText(r, keyIndex)} ${JSON.stringify(r)}`).sort();
    expect(liveRows, `table ${t.name} holds ${name}`).toEqual(bundleRows(t));
  }
  for (const p of m.kv.parts) {
    for (const [key, value] of kvPartText(p.sha256)) expect(await env.RECS.get(key), `KV ${key}`).toBe(value);
  }
}

export const totalRows = (name: BundleName) => manifestOf(name).tables.reduce((n, t) => n + t.rows, 0);

/** Which version a single D1 statement sees, with one edited movie's runtime: never a mix. */
export async function snapshot(id: number) {
  return env.DB.prepare("SELECT (SELECT value FROM dataset_meta WHERE key = 'version') AS version, (SELECT runtime FROM movies WHERE id = ?1) AS runtime")
    .bind(id)
    .first<{ version: string | null; runtime: number | null }>();
}
