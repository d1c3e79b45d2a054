// Writes the seed as a bundle for R2 (format: src/shared/bundle.ts) into a content-addressed
// store, seed/bundle/: every table split into buckets of rows by primary-key hash, each bucket
// one part; the KV shards grouped into parts; the part refs in part lists of ≤ LIST_BYTES and the
// manifest's small head under its version (a cron run reads the head and the lists it works on,
// not every part's hash). The store keeps
// the parts and manifests of earlier builds (same hash, same file), so `npm run publish` can
// compute the delta from whatever version is live to the new one on this machine.
import fs from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import {
  BUNDLE_FORMAT,
  type BundleManifest,
  type BundleTable,
  bucketOfHash,
  type Cell,
  type KvPartRef,
  keyText,
  type ListRef,
  type ManifestHead,
  manifestKey,
  type PartRef,
  partKey,
  resolveManifest,
} from "../../src/shared/bundle.ts";
import { fnv1a } from "../../src/shared/shard.ts";
import type { Table } from "../build/catalog.ts";
import { sha256 } from "../hash.ts";
import { utf8Bound } from "./files.ts";
import { rowCells } from "./sql.ts";

/** Target size of a table part: small enough that a change re-reads little, few enough objects. */
export const TARGET_PART_BYTES = 128 * 1024;
/** A KV part holds consecutive shards up to this size (a few 64 KB shards: one R2 read, several KV puts). */
export const KV_PART_BYTES = 256 * 1024;
/** A part list's size: a run reads one or two, so what a run parses does not grow with the catalogue. */
export const LIST_BYTES = 16 * 1024;

const nextPow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
/** A scratch name per process and thread: both of the write stage's threads put parts into one store. */
const tmpOf = (file: string) => `${file}.tmp-${process.pid}-${threadId}`;

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
    // Encoded once: hashing, writing and measuring a string would each encode it again.
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    const hash = sha256(bytes);
    const file = this.file(partKey(hash));
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(tmpOf(file), bytes);
      fs.renameSync(tmpOf(file), file); // a crashed build never leaves a truncated part under a valid name
    }
    return { sha256: hash, bytes: bytes.length };
  }

  /** Writes any object under an explicit key (manifests, deltas). */
  putAt(key: string, body: string): void {
    const file = this.file(key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmpOf(file), body);
    fs.renameSync(tmpOf(file), file);
  }

  /** A version's manifest with every part list resolved, if the store has it. */
  manifest(version: string): BundleManifest | null {
    const key = manifestKey(version);
    if (!this.has(key)) return null;
    return resolveManifest(JSON.parse(this.read(key).toString("utf8")) as ManifestHead, (hash) => this.read(partKey(hash)).toString("utf8"));
  }
}

/**
 * Bytes a table's parts writer holds before it appends them to its scratch files. Its rows are
 * held as UTF-8 bytes in Buffers, outside V8's heap: rows held as strings, even for a few MB,
 * reached the old generation and made V8 run full collections over the whole live heap (the
 * cleaned movies) again and again; read back as text, each row was decoded and split again.
 */
const SPILL_BYTES = 16 << 20;
/**
 * Scratch groups: a row is kept in group bucketOf(key, SCRATCH_GROUPS). Bucket counts are
 * powers of two, so with at least this many buckets a bucket's rows all sit in one group and
 * the parts are made one group at a time; with fewer, the table is small (≤ 8 MB).
 */
const SCRATCH_GROUPS = 64;
/** A scratch record: its head (the key's bucket hash, the key's and the row's UTF-8 byte lengths, u32 each), then the key's and the row's JSON. */
const RECORD_HEAD = 12;
/** A group's scratch chunk: it holds whole records, so a record is never split between two. */
const CHUNK_BYTES = 64 * 1024;

/** A scratch group's records, read back (held chunks and its scratch file): where each one's key and row lie. */
class GroupRecords {
  readonly buffers: Buffer[] = [];
  /** Per record, the index of its buffer in `buffers`. */
  readonly bufferIndex: number[] = [];
  readonly hash: number[] = [];
  /** The keys, decoded (short strings, sorted natively: comparing their bytes in place cost more). */
  readonly key: string[] = [];
  readonly rowStart: number[] = [];
  readonly rowEnd: number[] = [];

  add(buf: Buffer): void {
    const b = this.buffers.push(buf) - 1;
    for (let pos = 0; pos < buf.length; ) {
      const keyStart = pos + RECORD_HEAD;
      const rowStart = keyStart + buf.readUInt32LE(pos + 4);
      const rowEnd = rowStart + buf.readUInt32LE(pos + 8);
      this.bufferIndex.push(b);
      this.hash.push(buf.readUInt32LE(pos));
      this.key.push(buf.toString("utf8", keyStart, rowStart));
      this.rowStart.push(rowStart);
      this.rowEnd.push(rowEnd);
      pos = rowEnd;
    }
  }
}

/**
 * One table's parts, written row by row: each row's JSON is kept (in Buffers, then in scratch
 * files past SPILL_BYTES) in the scratch group of its key; `finish` sizes the buckets from the
 * table's bytes and makes the parts group by group, so no whole table is ever in memory.
 */
export class TablePartsWriter {
  private readonly keyIndex: number[];
  private readonly scratch: string;
  /** Per group: its filled chunks and the one being filled (with its used bytes). */
  private full: Buffer[][] = Array.from({ length: SCRATCH_GROUPS }, () => []);
  private chunk: (Buffer | undefined)[] = [];
  private used: number[] = new Array<number>(SCRATCH_GROUPS).fill(0);
  private held = 0;
  private spilled = false;
  private bytes = 0;
  private rows = 0;

  /** `spillBytes` other than SPILL_BYTES only in tests (to spill a small table). */
  constructor(
    private readonly store: BundleStore,
    private readonly table: Pick<Table, "name" | "columns" | "key">,
    private readonly spillBytes = SPILL_BYTES,
  ) {
    if (table.key.length === 0 || table.key.some((k) => !table.columns.includes(k))) {
      throw new Error(`table ${table.name}: its key (${table.key}) must be among its columns`);
    }
    this.keyIndex = table.key.map((k) => table.columns.indexOf(k));
    this.scratch = path.join(store.dir, `.scratch-${process.pid}-${table.name}`);
  }

  /** One row, as its stored values in column order (rowCells). */
  add(cells: readonly Cell[]): void {
    const text = JSON.stringify(cells);
    const key = keyText(cells as Cell[], this.keyIndex);
    // bucketOf's hash, kept: the JSON of the key's one value (keyText less its brackets), or of the list of its values.
    const hash = fnv1a(this.keyIndex.length === 1 ? key.slice(1, -1) : key);
    const g = bucketOfHash(hash, SCRATCH_GROUPS);
    const most = RECORD_HEAD + utf8Bound(key) + utf8Bound(text);
    let chunk = this.chunk[g];
    let pos = this.used[g]!;
    if (chunk === undefined || pos + most > chunk.length) {
      if (chunk !== undefined && pos > 0) this.full[g]!.push(chunk.subarray(0, pos));
      chunk = this.chunk[g] = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most));
      pos = 0;
    }
    const keyBytes = chunk.write(key, pos + RECORD_HEAD);
    const rowBytes = chunk.write(text, pos + RECORD_HEAD + keyBytes);
    chunk.writeUInt32LE(hash, pos);
    chunk.writeUInt32LE(keyBytes, pos + 4);
    chunk.writeUInt32LE(rowBytes, pos + 8);
    const size = RECORD_HEAD + keyBytes + rowBytes;
    this.used[g] = pos + size;
    // The bucket count is sized from the rows' JSON lengths in code units (as it always was: the parts stay the same).
    this.bytes += text.length + 1;
    this.rows++;
    this.held += size;
    if (this.held >= this.spillBytes) this.spill();
  }

  /** Group g's held records: its filled chunks and the filled part of its current one. */
  private heldOf(g: number): Buffer[] {
    const chunk = this.chunk[g];
    return chunk && this.used[g]! > 0 ? [...this.full[g]!, chunk.subarray(0, this.used[g])] : this.full[g]!;
  }

  /** Appends the held records to their groups' scratch files (the current chunks are then reused). */
  private spill(): void {
    fs.mkdirSync(this.scratch, { recursive: true });
    for (let g = 0; g < SCRATCH_GROUPS; g++) {
      const held = this.heldOf(g);
      if (held.length) fs.appendFileSync(path.join(this.scratch, String(g)), held.length === 1 ? held[0]! : Buffer.concat(held));
      this.full[g] = [];
      this.used[g] = 0;
    }
    this.held = 0;
    this.spilled = true;
  }

  /** Group g's records, spilled ones first (the order within a bucket does not matter: it is sorted). */
  private group(g: number): GroupRecords {
    const records = new GroupRecords();
    const file = path.join(this.scratch, String(g));
    if (this.spilled && fs.existsSync(file)) records.add(fs.readFileSync(file));
    for (const buf of this.heldOf(g)) records.add(buf);
    this.full[g] = [];
    this.chunk[g] = undefined;
    this.used[g] = 0;
    return records;
  }

  finish(): BundleTable {
    // A power of two, so the bucket count (and with it every bucket's content) changes only
    // when a table doubles or halves, not at every small growth.
    const buckets = nextPow2(Math.ceil(this.bytes / TARGET_PART_BYTES));
    const parts: PartRef[] = [];
    // Groups read at once: one if each bucket lies in one group, else all (a small table).
    const step = buckets >= SCRATCH_GROUPS ? 1 : SCRATCH_GROUPS;
    for (let g0 = 0; g0 < SCRATCH_GROUPS; g0 += step) {
      const groups = Array.from({ length: step }, (_, i) => this.group(g0 + i));
      const inBucket = new Map<number, [GroupRecords, number][]>();
      for (const records of groups) {
        for (let r = 0; r < records.hash.length; r++) {
          const b = bucketOfHash(records.hash[r]!, buckets);
          (inBucket.get(b) ?? inBucket.set(b, []).get(b)!).push([records, r]);
        }
      }
      for (let bucket = g0 % buckets; bucket < buckets; bucket += buckets >= SCRATCH_GROUPS ? SCRATCH_GROUPS : 1) {
        parts[bucket] = this.part(bucket, inBucket.get(bucket) ?? []);
      }
    }
    fs.rmSync(this.scratch, { recursive: true, force: true });
    const { name, columns, key } = this.table;
    return { name, columns, key, rows: this.rows, parts };
  }

  /** A bucket's part: its rows sorted by key (the same rows always give the same bytes, hence the same hash), as the JSON of a TablePart. */
  private part(bucket: number, list: [GroupRecords, number][]): PartRef {
    const keyOf = ([g, r]: [GroupRecords, number]) => g.key[r]!;
    list.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
    for (let i = 1; i < list.length; i++) {
      if (keyOf(list[i - 1]!) === keyOf(list[i]!)) throw new Error(`table ${this.table.name}: duplicate key ${keyOf(list[i]!)}`);
    }
    const head = Buffer.from(`{"table":${JSON.stringify(this.table.name)},"bucket":${bucket},"rows":[`);
    let size = head.length + 2 + Math.max(0, list.length - 1);
    for (const [g, r] of list) size += g.rowEnd[r]! - g.rowStart[r]!;
    const body = Buffer.allocUnsafe(size);
    let pos = head.copy(body, 0);
    list.forEach(([g, r], i) => {
      if (i > 0) body[pos++] = 0x2c; // ","
      pos += g.buffers[g.bufferIndex[r]!]!.copy(body, pos, g.rowStart[r], g.rowEnd[r]);
    });
    body.write("]}", pos);
    return { ...this.store.putPart(body), rows: list.length };
  }
}

/** One table's parts (see TablePartsWriter). */
export function writeTableParts(store: BundleStore, table: Table, spillBytes?: number): BundleTable {
  const out = new TablePartsWriter(store, table, spillBytes);
  for (const row of table.rows) out.add(rowCells(row, table.columns));
  return out.finish();
}

/** Groups consecutive KV values into parts of about KV_PART_BYTES (layout: kvPartIndex). */
export class KvPartWriter {
  private entries: { key: string; value: Buffer }[] = [];
  private bytes = 0;
  private readonly seen = new Set<string>();
  readonly parts: KvPartRef[] = [];

  constructor(private readonly store: BundleStore) {}

  /** `value`: its text, or its UTF-8 bytes. */
  add(key: string, value: string | Buffer): void {
    if (this.seen.has(key)) return; // empty shards share one key
    this.seen.add(key);
    const buf = typeof value === "string" ? Buffer.from(value) : value;
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
