// The seed bundle: what `npm run publish` uploads to R2 and the Worker's reseed applies
// (src/reseed/). Written by the ETL (etl/write/bundle.ts), read by the Worker: one format here.
//
//   latest                   -> LatestPointer: which manifest is current (and its hash)
//   manifests/<version>.json -> BundleManifest: every table's columns, key and part hashes
//   parts/<sha256>.json      -> a TablePart (rows of one bucket of one table) or a KvPart
//
// Parts are content addressed, so versions share every part that did not change, and a reseed
// compares part hashes to find the few buckets whose rows it has to diff.
import { fnv1a } from "./shard.ts";

export const BUNDLE_FORMAT = 1;

/** A stored value, as D1 returns it and as the JSON parts carry it. */
export type Cell = string | number | null;

export interface BundleTable {
  name: string;
  columns: string[];
  /** Primary-key columns (a subset of columns; "rowid" for FTS5 tables). */
  key: string[];
  rows: number;
  /** sha256 of each bucket's part, by bucket number (rows go to bucketOf(first key column)). */
  parts: string[];
}

export interface BundleKvPart { sha256: string; keys: string[] }

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: string;
  builtAt: string;
  counts: Record<string, number>;
  /** In dependency order (parents before the tables that reference them). */
  tables: BundleTable[];
  /** The KV recommendation shards, grouped into a few parts. */
  kv: { parts: BundleKvPart[] };
}

export interface LatestPointer { version: string; manifest: string; sha256: string; publishedAt: string }

export interface TablePart { table: string; bucket: number; rows: Cell[][] }
export interface KvPart { entries: [key: string, value: string][] }

export const LATEST_KEY = "latest";
export const manifestKey = (version: string) => `manifests/${version}.json`;
export const partKey = (sha256: string) => `parts/${sha256}.json`;

/** The bucket of a row: a hash of its first key column, so a movie's link rows share a bucket. */
export function bucketOf(firstKey: Cell, buckets: number): number {
  return buckets <= 1 ? 0 : fnv1a(JSON.stringify(firstKey)) % buckets;
}

/** Canonical text of a primary key (the diff's map key). */
export const keyText = (row: Cell[], keyIndex: number[]) => JSON.stringify(keyIndex.map((i) => row[i] ?? null));

export const kvKeysOf = (m: BundleManifest): string[] => m.kv.parts.flatMap((p) => p.keys);
