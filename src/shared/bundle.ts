// The seed bundle: what `npm run publish` uploads to R2 and the Worker's reseed applies
// (src/reseed/). Written by the ETL (etl/write/bundle.ts) and by publish (etl/publish/), read by
// the Worker: one format here.
//
//   latest                     -> LatestPointer: the current manifest, and the deltas to it
//   manifests/<version>.json   -> ManifestHead: every table's columns, key and part count; the
//                                 refs of the part lists
//   deltas/<from>-<to>.json    -> DeltaManifest: what changes from one version to the next
//   parts/<sha256>.json        -> a table part, a KV part, a delta part, a part list (a JSON
//                                 array of refs, ≤ ~16 KB) or the shard map (content addressed)
//
// A first load copies every table part into the empty database; later versions arrive as
// deltas that `npm run publish` computes on the developer's machine (it knows both versions),
// so the Worker only moves prepared, hash-checked bytes into D1 and KV: a few parts per cron
// invocation, inside the Free plan's 10 ms of CPU and 50 subrequests.
//
// The refs of a bundle's parts grow with the catalogue (~100 bytes a part: 20 KB for the real
// data, ~3.5 MB at a million movies), so neither a manifest nor a delta holds them: they sit in
// part lists of ≤ ~16 KB, and a run reads the small head plus the one or two lists holding the
// parts it works on (hash-checked against the head's refs, which `latest` covers).
import { fnv1a } from "./shard.ts";

export const BUNDLE_FORMAT = 3;

/** A stored value, as D1 returns it and as the JSON parts carry it. */
export type Cell = string | number | null;

/** One content-addressed object of a bundle, with what a reader needs to budget for it. */
export interface PartRef {
  sha256: string;
  bytes: number;
  rows: number;
}

/** Any other content-addressed object (parts/<sha256>.json). */
export interface ObjectRef {
  sha256: string;
  bytes: number;
}

/** A part list (parts/<sha256>.json): a JSON array of `count` entries (PartRef, KvPartRef or KV keys). */
export interface ListRef extends ObjectRef {
  count: number;
}

/** A table with all its parts: how the ETL writes it and publish diffs it (stored as a TableHead + lists). */
export interface BundleTable {
  name: string;
  columns: string[];
  /** Primary-key columns (a subset of columns; "rowid" for FTS5 tables). */
  key: string[];
  rows: number;
  /** Each bucket's part, by bucket number (rows go to bucketOf(key): the key's one value, or all its values). */
  parts: PartRef[];
}

/** A table as the manifest head names it: its parts are the next `partCount` entries of the part lists. */
export type TableHead = Omit<BundleTable, "parts"> & { partCount: number };

/** A KV part: several shard values; `keys` in the order the part holds them. */
export interface KvPartRef {
  sha256: string;
  bytes: number;
  keys: string[];
}

/** A whole bundle's manifest, every list resolved: what the ETL builds and publish diffs. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: string;
  builtAt: string;
  counts: Record<string, number>;
  /** In dependency order (parents before the tables that reference them); dataset_meta first. */
  tables: BundleTable[];
  /** The recommendation shards: their map (src/shared/shard.ts) and the parts holding them. */
  kv: { map: string; parts: KvPartRef[] };
}

/** The stored manifest (what `latest` names): small at any catalogue size. */
export interface ManifestHead {
  format: typeof BUNDLE_FORMAT;
  version: string;
  builtAt: string;
  counts: Record<string, number>;
  /** In dependency order; dataset_meta first. */
  tables: TableHead[];
  /** Every table's PartRefs, table after table in `tables` order, in lists. */
  parts: ListRef[];
  /** The shard map (its text, as an object), the number of KV keys, and the KvPartRefs in lists. */
  kv: { map: ObjectRef; keys: number; parts: ListRef[] };
}

/** What changes from one version to the next: staged rows, new KV keys, KV keys no longer used. */
export interface DeltaManifest {
  format: typeof BUNDLE_FORMAT;
  from: string;
  to: string;
  /** sha256 of the target's manifest head (the one `latest` names). */
  toManifest: string;
  /** Tables the switch touches, in the target's dependency order, with their columns and key. */
  tables: { name: string; columns: string[]; key: string[]; dels: boolean; puts: boolean }[];
  /** Stage parts (PartRefs, in lists): each a JSON array of [table, keys to delete, rows to write] triples. */
  parts: ListRef[];
  /** Rows deleted + rows written, over every table (what the switch applies). */
  rows: number;
  /** The target's row counts (GET /version). */
  counts: Record<string, number>;
  /**
   * KV keys the target adds (KvPartRefs in lists: the target's KV parts, with only the new keys),
   * how many, and the list of keys only `from` used (read once, at the switch).
   */
  kv: { keys: number; parts: ListRef[]; retire: ListRef };
}

export interface LatestPointer {
  version: string;
  manifest: string;
  sha256: string;
  publishedAt: string;
  /** Deltas to this version, by the version they start from. */
  deltas: Record<string, { key: string; sha256: string }>;
}

export interface TablePart {
  table: string;
  bucket: number;
  rows: Cell[][];
}
/** A staged diff triple: table, primary keys of rows to delete, rows to insert or replace. */
export type StageTriple = [table: string, dels: Cell[][], puts: Cell[][]];

export const LATEST_KEY = "latest";
export const manifestKey = (version: string) => `manifests/${version}.json`;
export const deltaKey = (from: string, to: string) => `deltas/${from}-${to}.json`;
export const partKey = (sha256: string) => `parts/${sha256}.json`;

/** The bucket of a row: a hash of its key (one value, or the list of a compound key's values). */
export function bucketOf(key: Cell | Cell[], buckets: number): number {
  return bucketOfHash(fnv1a(JSON.stringify(key)), buckets);
}

/** bucketOf from the key's hash (fnv1a of its JSON), for a writer that keeps the hash of every row. */
export const bucketOfHash = (hash: number, buckets: number): number => (buckets <= 1 ? 0 : hash % buckets);

/** Canonical text of a primary key (the diff's map key). */
export const keyText = (row: Cell[], keyIndex: number[]) => JSON.stringify(keyIndex.map((i) => row[i] ?? null));

/**
 * A KV part's values, by key. Layout: a first line with the JSON index `[[key, byteLength], ...]`,
 * then the values' UTF-8 bytes back to back — the Worker slices values out of the bytes without
 * parsing or decoding them (a JSON envelope would cost a parse of every value per put). Written
 * by KvPartWriter (etl/write/bundle.ts).
 */
export function kvPartValues(bytes: Uint8Array): Map<string, Uint8Array> {
  const nl = bytes.indexOf(10);
  const index: unknown = nl < 0 ? null : JSON.parse(new TextDecoder().decode(bytes.subarray(0, nl)));
  if (!Array.isArray(index)) throw new Error("not a KV part: no index line");
  const values = new Map<string, Uint8Array>();
  let at = nl + 1;
  for (const entry of index) {
    const [k, length] = entry as [unknown, unknown];
    if (typeof k !== "string" || typeof length !== "number" || at + length > bytes.length) throw new Error("not a KV part: bad index entry");
    values.set(k, bytes.subarray(at, at + length));
    at += length;
  }
  return values;
}

/** Where each table's parts start in a manifest's part lists (they follow table after table). */
export function partStarts(tables: TableHead[]): number[] {
  const starts: number[] = [];
  let n = 0;
  for (const t of tables) {
    starts.push(n);
    n += t.partCount;
  }
  return starts;
}

/** A part list's entries, list after list, from the lists' stored text (by sha256). */
export function listEntries<T>(refs: ListRef[], text: (sha256: string) => string): T[] {
  return refs.flatMap((r) => JSON.parse(text(r.sha256)) as T[]);
}

/**
 * The whole manifest, from its head and the objects it names (their text by sha256): for
 * publish, the ETL's store and tests. The Worker never resolves one: it reads the lists it
 * needs, one at a time (src/reseed/source.ts).
 */
export function resolveManifest(head: ManifestHead, text: (sha256: string) => string): BundleManifest {
  const parts = listEntries<PartRef>(head.parts, text);
  const expected = head.tables.reduce((n, t) => n + t.partCount, 0);
  if (parts.length !== expected) throw new Error(`manifest ${head.version}: its part lists hold ${parts.length} parts, its tables ${expected}`);
  const starts = partStarts(head.tables);
  return {
    format: head.format,
    version: head.version,
    builtAt: head.builtAt,
    counts: head.counts,
    tables: head.tables.map(({ partCount, ...t }, i) => ({ ...t, parts: parts.slice(starts[i], starts[i]! + partCount) })),
    kv: { map: text(head.kv.map.sha256), parts: listEntries<KvPartRef>(head.kv.parts, text) },
  };
}
