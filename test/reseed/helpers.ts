// Helpers of the reseed tests: a fresh database, publishing a fixture bundle to R2 as
// scripts/publish.ts does, running a reseed with a test clock, and checking that D1 and KV hold
// exactly one bundle's content.
import { applyD1Migrations, env, reset } from "cloudflare:test";
import { expect } from "vitest";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { runReseed, type ReseedOptions } from "../../src/reseed/run.ts";
import type { ReseedReport } from "../../src/reseed/state.ts";
import { keyText, LATEST_KEY, type BundleManifest, type Cell, type KvPart, type LatestPointer, type TablePart } from "../../src/shared/bundle.ts";
import type { BundleName } from "./fixture-types.ts";

export const fixture = env.TEST_RESEED;
export const bundle = (name: BundleName) => fixture.bundles[name];
export const manifestOf = (name: BundleName): BundleManifest => JSON.parse(bundle(name).manifestText);

/** Empty D1 (schema only), KV and R2. */
export async function freshStorage() {
  await reset();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  forgetActiveDataset();
}

export async function sha256Hex(text: string) {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Uploads a bundle's parts and manifest, then points `latest` at it. */
export async function publish(name: BundleName, opts: { skipParts?: (key: string) => boolean } = {}) {
  const b = bundle(name);
  for (const key of b.parts) if (!opts.skipParts?.(key)) await env.SEEDS.put(key, fixture.objects[key]!);
  await env.SEEDS.put(b.manifestKey, b.manifestText);
  const latest: LatestPointer = { version: b.version, manifest: b.manifestKey, sha256: await sha256Hex(b.manifestText), publishedAt: new Date().toISOString() };
  await env.SEEDS.put(LATEST_KEY, JSON.stringify(latest));
}

/** A clock the tests move: every run starts an hour after the previous one unless told. */
export const clock = { t: Date.parse("2026-11-01T03:30:00Z"), advance(ms = 3_600_000) { this.t += ms; } };
export const logs: string[] = [];

export async function reseed(opts: Partial<ReseedOptions> = {}): Promise<ReseedReport> {
  if (!opts.now) clock.advance();
  return runReseed(env, { trigger: "test", now: () => clock.t, log: (l) => logs.push(l), ...opts });
}

/** Every row of every table of the bundle, as arrays in its column order, sorted by key. */
function bundleRows(table: BundleManifest["tables"][number]): string[] {
  const keyIndex = table.key.map((k) => table.columns.indexOf(k));
  const rows: Cell[][] = table.parts.flatMap((sha) => (JSON.parse(fixture.objects[`parts/${sha}.json`]!) as TablePart).rows);
  return rows.map((r) => `${keyText(r, keyIndex)} ${JSON.stringify(r)}`).sort();
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
    const part = JSON.parse(fixture.objects[`parts/${p.sha256}.json`]!) as KvPart;
    for (const [key, value] of part.entries) expect(await env.RECS.get(key), `KV ${key}`).toBe(value);
  }
}

export const totalRows = (name: BundleName) => manifestOf(name).tables.reduce((n, t) => n + t.rows, 0);

/** Which version a single D1 statement sees, with one edited movie's runtime: never a mix. */
export async function snapshot(id: number) {
  return env.DB.prepare(
    "SELECT (SELECT value FROM dataset_meta WHERE key = 'version') AS version, (SELECT runtime FROM movies WHERE id = ?1) AS runtime",
  ).bind(id).first<{ version: string | null; runtime: number | null }>();
}
