// The delta from one bundle version to another (format: src/shared/bundle.ts), computed where
// both versions are at hand — on the machine that runs `npm run publish` — so the Worker only
// moves prepared bytes: it stages the delta's parts, writes the new KV keys and switches.
//
// Per table: buckets whose part hash is unchanged are skipped; a changed bucket is diffed row by
// row (keyed by primary key, rows compared by their JSON text). A table whose shape (columns,
// key, bucket count) changed, or that is new, is diffed against every old row.
//
// Like a manifest, a delta holds no refs itself: its stage parts and new KV parts are listed in
// part lists (a delta run reads the one it works on), the retired keys in one more (read at the
// switch).
import {
  BUNDLE_FORMAT,
  type BundleManifest,
  type BundleTable,
  type Cell,
  type DeltaManifest,
  deltaKey,
  type KvPartRef,
  keyText,
  type ListRef,
  type PartRef,
  type StageTriple,
  type TablePart,
} from "../../src/shared/bundle.ts";
import { shardKeysOf } from "../../src/shared/shard.ts";
import { LIST_BYTES, packLists } from "../write/bundle.ts";

/** A stage part stays small: the Worker hashes and forwards ~1 MB per invocation. */
export const STAGE_PART_BYTES = 256 * 1024;

/** Reads a part's bytes by hash (the local bundle store, or the bucket). */
export type ReadPart = (sha256: string) => Promise<Buffer>;

const sameShape = (a: BundleTable, b: BundleTable) =>
  a.parts.length === b.parts.length && a.columns.join() === b.columns.join() && a.key.join() === b.key.join();

async function rowsOf(read: ReadPart, parts: PartRef[]): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for (const p of parts) rows.push(...(JSON.parse((await read(p.sha256)).toString("utf8")) as TablePart).rows);
  return rows;
}

/** Row-by-row diff: keys of rows gone, rows new or changed. */
export function diffRows(table: Pick<BundleTable, "columns" | "key">, oldRows: Cell[][], newRows: Cell[][]): { dels: Cell[][]; puts: Cell[][] } {
  const keyIndex = table.key.map((k) => table.columns.indexOf(k));
  const before = new Map<string, string>();
  for (const r of oldRows) before.set(keyText(r, keyIndex), JSON.stringify(r));
  const puts: Cell[][] = [];
  for (const r of newRows) {
    const k = keyText(r, keyIndex);
    if (before.get(k) !== JSON.stringify(r)) puts.push(r);
    before.delete(k);
  }
  const dels = [...before.keys()].map((k) => JSON.parse(k) as Cell[]);
  return { dels, puts };
}

/** Packs triples into stage parts of at most STAGE_PART_BYTES, splitting a table's rows as needed. */
class StagePacker {
  readonly parts: { text: string; rows: number }[] = [];
  private triples: StageTriple[] = [];
  private bytes = 2;
  private rows = 0;

  add(table: string, dels: Cell[][], puts: Cell[][]): void {
    const push = (kind: 1 | 2, row: Cell[]) => {
      const size = Buffer.byteLength(JSON.stringify(row)) + 1;
      let last = this.triples.at(-1);
      if (!last || last[0] !== table) {
        if (this.bytes + table.length + 12 + size > STAGE_PART_BYTES && this.triples.length) this.flush();
        last = [table, [], []];
        this.triples.push(last);
        this.bytes += table.length + 12;
      } else if (this.bytes + size > STAGE_PART_BYTES) {
        this.flush();
        last = [table, [], []];
        this.triples.push(last);
        this.bytes += table.length + 12;
      }
      last[kind].push(row);
      this.bytes += size;
      this.rows++;
    };
    for (const k of dels) push(1, k);
    for (const r of puts) push(2, r);
  }

  flush(): void {
    if (!this.triples.length) return;
    this.parts.push({ text: JSON.stringify(this.triples), rows: this.rows });
    this.triples = [];
    this.bytes = 2;
    this.rows = 0;
  }
}

export interface Delta {
  manifest: DeltaManifest;
  key: string;
  /** Objects to store under parts/<sha256>.json: the stage parts, then the part lists. */
  parts: { text: string; sha256: string }[];
  /** What the lists hold: the stage parts, the new KV parts, the retired KV keys. */
  stage: PartRef[];
  kv: { parts: KvPartRef[]; retire: string[] };
}

export async function computeDelta(
  from: BundleManifest,
  to: BundleManifest,
  toManifestSha: string,
  read: ReadPart,
  hash: (s: string) => string,
  listBytes = LIST_BYTES,
): Promise<Delta> {
  const packer = new StagePacker();
  const tables: DeltaManifest["tables"] = [];
  let rows = 0;
  const note = (t: Pick<BundleTable, "name" | "columns" | "key">, dels: Cell[][], puts: Cell[][]) => {
    if (!dels.length && !puts.length) return;
    tables.push({ name: t.name, columns: t.columns, key: t.key, dels: dels.length > 0, puts: puts.length > 0 });
    packer.add(t.name, dels, puts);
    rows += dels.length + puts.length;
  };
  for (const t of to.tables) {
    const before = from.tables.find((x) => x.name === t.name);
    if (before && sameShape(before, t)) {
      const dels: Cell[][] = [];
      const puts: Cell[][] = [];
      for (let b = 0; b < t.parts.length; b++) {
        if (before.parts[b]!.sha256 === t.parts[b]!.sha256) continue;
        const d = diffRows(t, await rowsOf(read, [before.parts[b]!]), await rowsOf(read, [t.parts[b]!]));
        dels.push(...d.dels);
        puts.push(...d.puts);
      }
      note(t, dels, puts);
    } else {
      const d = diffRows(t, before ? await rowsOf(read, before.parts) : [], await rowsOf(read, t.parts));
      note(t, d.dels, d.puts);
    }
  }
  // Tables the new version no longer has are emptied (listed last: the switch deletes in reverse order).
  for (const t of from.tables) {
    if (to.tables.some((x) => x.name === t.name)) continue;
    const d = diffRows(t, await rowsOf(read, t.parts), []);
    note(t, d.dels, d.puts);
  }
  packer.flush();

  const oldKeys = new Set(shardKeysOf(from.kv.map));
  const newKeys = new Set(shardKeysOf(to.kv.map));
  const kvParts: KvPartRef[] = to.kv.parts.map((p) => ({ ...p, keys: p.keys.filter((k) => !oldKeys.has(k)) })).filter((p) => p.keys.length > 0);
  const retire = [...oldKeys].filter((k) => !newKeys.has(k));

  const objects: Delta["parts"] = [];
  const put = (text: string) => {
    const ref = { sha256: hash(text), bytes: Buffer.byteLength(text) };
    objects.push({ text, sha256: ref.sha256 });
    return ref;
  };
  const stage: PartRef[] = packer.parts.map((p) => ({ ...put(p.text), rows: p.rows }));
  const lists = (entries: unknown[]): ListRef[] => packLists(entries, listBytes).map((l) => ({ ...put(l.text), count: l.count }));
  const manifest: DeltaManifest = {
    format: BUNDLE_FORMAT,
    from: from.version,
    to: to.version,
    toManifest: toManifestSha,
    tables,
    parts: lists(stage),
    rows,
    counts: to.counts,
    kv: { keys: kvParts.reduce((n, p) => n + p.keys.length, 0), parts: lists(kvParts), retire: { ...put(JSON.stringify(retire)), count: retire.length } },
  };
  return { manifest, key: deltaKey(from.version, to.version), parts: objects, stage, kv: { parts: kvParts, retire } };
}
