// Writes the seed as a bundle for R2 (format: src/shared/bundle.ts): every table split into
// buckets of rows by primary-key hash, each bucket one content-addressed JSON part, and the KV
// shards in a few parts. A reseed fetches only the parts whose hash changed and diffs them row
// by row, so a 1% change costs ~1% of the rows however large the catalogue is.
import { sha256 } from "../hash.ts";
import fs from "node:fs";
import path from "node:path";
import {
  BUNDLE_FORMAT, bucketOf, keyText, type BundleManifest, type BundleTable, type Cell, type KvPart, type TablePart,
} from "../../src/shared/bundle.ts";
import type { Table } from "../build/catalog.ts";
import type { RecShardEntry } from "./kv.ts";
import { sqlLiteral, storedValue } from "./sql.ts";

/** Target size of a table part: small enough that a change re-reads little, few enough objects. */
export const TARGET_PART_BYTES = 128 * 1024;
/** KV shards are grouped by shard number into this many parts (256 shards -> 16 objects). */
export const KV_PARTS = 16;

export interface Bundle { manifest: BundleManifest; objects: Map<string, string> }

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

function tableParts(table: Table, objects: Map<string, string>): BundleTable {
  if (table.key.length === 0 || table.key.some((k) => !table.columns.includes(k))) {
    throw new Error(`table ${table.name}: its key (${table.key}) must be among its columns`);
  }
  const rows: Cell[][] = table.rows.map((r) => table.columns.map((c) => storedValue(r[c] ?? null)));
  const bytes = rows.reduce((n, r) => n + JSON.stringify(r).length + 1, 0);
  // A power of two, so the bucket count (and with it every bucket's content) changes only
  // when a table doubles or halves, not at every small growth.
  const buckets = nextPow2(Math.ceil(bytes / TARGET_PART_BYTES));
  const keyIndex = table.key.map((k) => table.columns.indexOf(k));
  const byBucket: Cell[][][] = Array.from({ length: buckets }, () => []);
  for (const row of rows) byBucket[bucketOf(row[keyIndex[0]!] ?? null, buckets)]!.push(row);
  const parts = byBucket.map((list, bucket) => {
    // Sorted by key: the same rows always give the same bytes, hence the same hash.
    const sorted = list.map((r) => [keyText(r, keyIndex), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]![0] === sorted[i - 1]![0]) throw new Error(`table ${table.name}: duplicate key ${sorted[i]![0]}`);
    }
    const part: TablePart = { table: table.name, bucket, rows: sorted.map(([, r]) => r) };
    const text = JSON.stringify(part);
    const hash = sha256(text);
    objects.set(hash, text);
    return hash;
  });
  return { name: table.name, columns: table.columns, key: table.key, rows: rows.length, parts };
}

/** The bundle of one seed: the catalogue tables (dataset_meta first) and the KV shards. */
export function buildBundle(tables: Table[], shards: RecShardEntry[], meta: { version: string; builtAt: string; counts: Record<string, number> }): Bundle {
  const objects = new Map<string, string>();
  const bundleTables = tables.map((t) => tableParts(t, objects));
  const groups: KvPart[] = Array.from({ length: KV_PARTS }, () => ({ entries: [] }));
  for (const s of [...shards].sort((a, b) => a.shard - b.shard)) groups[s.shard % KV_PARTS]!.entries.push([s.key, s.value]);
  const kvParts = groups.filter((g) => g.entries.length).map((g) => {
    const text = JSON.stringify(g);
    const hash = sha256(text);
    objects.set(hash, text);
    return { sha256: hash, keys: g.entries.map(([k]) => k) };
  });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT, version: meta.version, builtAt: meta.builtAt, counts: meta.counts,
    tables: bundleTables, kv: { parts: kvParts },
  };
  return { manifest, objects };
}

/** seed/bundle/: manifest.json and parts/<sha256>.json, ready for scripts/publish.ts. */
export function writeBundle(dir: string, bundle: Bundle): void {
  fs.mkdirSync(path.join(dir, "parts"), { recursive: true });
  for (const [hash, text] of bundle.objects) fs.writeFileSync(path.join(dir, "parts", `${hash}.json`), text);
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(bundle.manifest, null, 2));
}

/**
 * SQL that records a full load (scripts/load-local.ts) in the reseed state
 * (seed/migrations/0003_reseed.sql): this bundle is what the live tables hold, so the next
 * reseed diffs against it. A seed without a bundle leaves the state "unknown" instead, and the
 * reseed then reads the live tables to diff.
 */
export function fullLoadStateSql(seedDir: string, loadedAt = new Date().toISOString()): string {
  const file = path.join(seedDir, "bundle", "manifest.json");
  const manifest = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as BundleManifest) : null;
  return `UPDATE reseed_state SET active_version = ${sqlLiteral(manifest?.version ?? null)}, ` +
    `active_manifest = ${sqlLiteral(manifest && JSON.stringify(manifest))}, applied_at = ${sqlLiteral(loadedAt)}, ` +
    `applied_by = 'full-load', job = NULL WHERE id = 1;\nDELETE FROM reseed_stage;\n`;
}
