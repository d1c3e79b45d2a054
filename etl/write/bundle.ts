// Writes the seed as a bundle for R2 (format: src/shared/bundle.ts) into a content-addressed
// store, seed/bundle/: every table split into buckets of rows by primary-key hash, each bucket
// one part; the KV shards grouped into parts; the part refs in part lists of ≤ LIST_BYTES and the
// manifest's small head under its version (a cron run reads the head and the lists it works on,
// not every part's hash). The store keeps
// the parts and manifests of earlier builds (same hash, same file), so `npm run publish` can
// compute the delta from whatever version is live to the new one on this machine.
import fs from "node:fs";
import path from "node:path";
import {
  BUNDLE_FORMAT,
  type BundleManifest,
  type BundleTable,
  bucketOf,
  type Cell,
  type KvPartRef,
  keyText,
  type ListRef,
  type ManifestHead,
  manifestKey,
  type PartRef,
  partKey,
  resolveManifest,
  type TablePart,
} from "../../src/shared/bundle.ts";
import type { Table } from "../build/catalog.ts";
import { sha256 } from "../hash.ts";
import { storedValue } from "./sql.ts";

/** Target size of a table part: small enough that a change re-reads little, few enough objects. */
export const TARGET_PART_BYTES = 128 * 1024;
/** A KV part holds consecutive shards up to this size (a few 64 KB shards: one R2 read, several KV puts). */
export const KV_PART_BYTES = 256 * 1024;
/** A part list's size: a run reads one or two, so what a run parses does not grow with the catalogue. */
export const LIST_BYTES = 16 * 1024;

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

export class BundleStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(path.join(dir, "parts"), { recursive: true });
    fs.mkdirSync(path.join(dir, "manifests"), { recursive: true });
  }

  /** The file of an R2 key (parts/…, manifests/…, deltas/…) in this store. */
  file(key: string): string {
    return path.join(this.dir, key);
  }

  has(key: string): boolean {
    return fs.existsSync(this.file(key));
  }

  read(key: string): Buffer {
    return fs.readFileSync(this.file(key));
  }

  /** Stores an object under its hash (written once: a same-hash file is the same bytes). */
  putPart(body: string | Buffer): { sha256: string; bytes: number } {
    const hash = sha256(body);
    const file = this.file(partKey(hash));
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.tmp`, body);
      fs.renameSync(`${file}.tmp`, file); // a crashed build never leaves a truncated part under a valid name
    }
    return { sha256: hash, bytes: Buffer.byteLength(body) };
  }

  /** Writes any object under an explicit key (manifests, deltas). */
  putAt(key: string, body: string): void {
    const file = this.file(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, body);
    fs.renameSync(`${file}.tmp`, file);
  }

  /** A version's manifest with every part list resolved, if the store has it. */
  manifest(version: string): BundleManifest | null {
    const key = manifestKey(version);
    if (!this.has(key)) return null;
    return resolveManifest(JSON.parse(this.read(key).toString("utf8")) as ManifestHead, (hash) => this.read(partKey(hash)).toString("utf8"));
  }
}

/** One table's parts, bucket by bucket: only one bucket's rows are materialised at a time. */
export function writeTableParts(store: BundleStore, table: Table): BundleTable {
  if (table.key.length === 0 || table.key.some((k) => !table.columns.includes(k))) {
    throw new Error(`table ${table.name}: its key (${table.key}) must be among its columns`);
  }
  const cellsOf = (i: number): Cell[] => table.columns.map((c) => storedValue(table.rows[i]![c] ?? null));
  let bytes = 0;
  for (let i = 0; i < table.rows.length; i++) bytes += JSON.stringify(cellsOf(i)).length + 1;
  // A power of two, so the bucket count (and with it every bucket's content) changes only
  // when a table doubles or halves, not at every small growth.
  const buckets = nextPow2(Math.ceil(bytes / TARGET_PART_BYTES));
  const keyIndex = table.key.map((k) => table.columns.indexOf(k));
  // By the whole key: a link table's first column (a language, a genre) is too skewed to spread
  // its rows (45k: one language bucket held 42,564 of 59,960 rows, more than a day's D1 writes).
  const keyCell = (r: Table["rows"][number]): Cell | Cell[] =>
    table.key.length === 1 ? storedValue(r[table.key[0]!] ?? null) : table.key.map((k) => storedValue(r[k] ?? null));
  const bucketOfRow = new Uint32Array(table.rows.length);
  const sizes = new Uint32Array(buckets);
  table.rows.forEach((r, i) => {
    const b = bucketOf(keyCell(r), buckets);
    bucketOfRow[i] = b;
    sizes[b]!++;
  });
  // Row indexes grouped by bucket (counting sort), so each bucket is read without a scan.
  const start = new Uint32Array(buckets + 1);
  for (let b = 0; b < buckets; b++) start[b + 1] = start[b]! + sizes[b]!;
  const order = new Uint32Array(table.rows.length);
  const fill = start.slice(0, buckets);
  bucketOfRow.forEach((b, i) => {
    order[fill[b]!++] = i;
  });

  const parts: PartRef[] = [];
  for (let bucket = 0; bucket < buckets; bucket++) {
    // Sorted by key: the same rows always give the same bytes, hence the same hash.
    const rows = Array.from(order.subarray(start[bucket], start[bucket + 1]), (i) => {
      const cells = cellsOf(i);
      return [keyText(cells, keyIndex), cells] as const;
    }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]![0] === rows[i - 1]![0]) throw new Error(`table ${table.name}: duplicate key ${rows[i]![0]}`);
    }
    const part: TablePart = { table: table.name, bucket, rows: rows.map(([, r]) => r) };
    parts.push({ ...store.putPart(JSON.stringify(part)), rows: rows.length });
  }
  return { name: table.name, columns: table.columns, key: table.key, rows: table.rows.length, parts };
}

/** Groups consecutive KV values into parts of about KV_PART_BYTES (layout: kvPartIndex). */
export class KvPartWriter {
  private entries: { key: string; value: Buffer }[] = [];
  private bytes = 0;
  private readonly seen = new Set<string>();
  readonly parts: KvPartRef[] = [];

  constructor(private readonly store: BundleStore) {}

  add(key: string, value: string): void {
    if (this.seen.has(key)) return; // empty shards share one key
    this.seen.add(key);
    const buf = Buffer.from(value);
    if (this.entries.length && this.bytes + buf.length > KV_PART_BYTES) this.flush();
    this.entries.push({ key, value: buf });
    this.bytes += buf.length;
  }

  private flush(): void {
    if (!this.entries.length) return;
    const index = JSON.stringify(this.entries.map((e) => [e.key, e.value.length]));
    const body = Buffer.concat([Buffer.from(`${index}\n`), ...this.entries.map((e) => e.value)]);
    const { sha256: hash, bytes } = this.store.putPart(body);
    this.parts.push({ sha256: hash, bytes, keys: this.entries.map((e) => e.key) });
    this.entries = [];
    this.bytes = 0;
  }

  finish(): KvPartRef[] {
    this.flush();
    return this.parts;
  }
}

/**
 * Packs entries into part lists of at most `maxBytes` of JSON each (at least one entry a list,
 * however large): their texts, in order.
 */
export function packLists(entries: unknown[], maxBytes = LIST_BYTES): { text: string; count: number }[] {
  const lists: { text: string; count: number }[] = [];
  let texts: string[] = [];
  let bytes = 2;
  const flush = () => {
    if (texts.length) lists.push({ text: `[${texts.join(",")}]`, count: texts.length });
    texts = [];
    bytes = 2;
  };
  for (const e of entries) {
    const text = JSON.stringify(e);
    const size = Buffer.byteLength(text) + 1;
    if (texts.length && bytes + size > maxBytes) flush();
    texts.push(text);
    bytes += size;
  }
  flush();
  return lists;
}

const putLists = (store: BundleStore, entries: unknown[], maxBytes: number): ListRef[] =>
  packLists(entries, maxBytes).map((l) => ({ ...store.putPart(l.text), count: l.count }));

/**
 * The manifest, split: its part refs into part lists and the shard map into an object (all
 * content addressed), and its head under its version and as the store's current one (what
 * publish uploads). `listBytes` smaller than LIST_BYTES only in tests (more lists on a small bundle).
 */
export function writeManifest(store: BundleStore, m: Omit<BundleManifest, "format">, listBytes = LIST_BYTES): ManifestHead {
  const head: ManifestHead = {
    format: BUNDLE_FORMAT,
    version: m.version,
    builtAt: m.builtAt,
    counts: m.counts,
    tables: m.tables.map(({ parts, ...t }) => ({ ...t, partCount: parts.length })),
    parts: putLists(
      store,
      m.tables.flatMap((t) => t.parts),
      listBytes,
    ),
    kv: { map: store.putPart(m.kv.map), keys: m.kv.parts.reduce((n, p) => n + p.keys.length, 0), parts: putLists(store, m.kv.parts, listBytes) },
  };
  const text = JSON.stringify(head);
  store.putAt(manifestKey(head.version), text);
  store.putAt("manifest.json", text);
  return head;
}

/** The store's current manifest head (the last build's). */
export function currentManifest(storeDir: string): ManifestHead | null {
  const file = path.join(storeDir, "manifest.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as ManifestHead) : null;
}
