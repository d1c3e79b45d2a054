// The seed bundle writer (etl/write/bundle.ts): deterministic content-addressed parts, rows
// bucketed by key so that an edit changes only its own bucket's part, KV values packed into parts
// the Worker slices without parsing, and a manifest split into a small head and part lists of
// bounded size, however large the catalogue.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Row, Table } from "../../etl/build/catalog.ts";
import {
  BundleStore,
  currentManifest,
  KV_PART_BYTES,
  KvPartWriter,
  LIST_BYTES,
  packLists,
  TARGET_PART_BYTES,
  writeManifest,
  writeTableParts,
} from "../../etl/write/bundle.ts";
import { type BundleManifest, bucketOf, kvPartValues, manifestKey, partKey, type TablePart } from "../../src/shared/bundle.ts";

const movie = (id: number, title = `Movie ${id}`): Row => ({ id, title, overview: "x".repeat(400), runtime: id % 7 ? 90 + (id % 50) : null });
const table = (rows: Row[]): Table => ({ name: "movies", columns: ["id", "title", "overview", "runtime"], key: ["id"], rows });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-test-"));
const store = new BundleStore(dir);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const rowsOf = (sha: string) => (JSON.parse(store.read(partKey(sha)).toString("utf8")) as TablePart).rows;

describe("writeTableParts", () => {
  const rows = Array.from({ length: 3000 }, (_, i) => movie(i + 1));
  const t = writeTableParts(store, table(rows));

  it("splits a table into a power-of-two number of buckets near the target part size", () => {
    expect(t.rows).toBe(3000);
    expect(Math.log2(t.parts.length) % 1).toBe(0);
    const sizes = t.parts.map((p) => p.bytes);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThanOrEqual(TARGET_PART_BYTES);
    expect(t.parts.length).toBeGreaterThan(4);
    // Every row is in its key's bucket, once; each part says how many rows it holds.
    const all = t.parts.flatMap((p, b) => rowsOf(p.sha256).map((r) => [b, r[0] ?? null] as const));
    expect(all).toHaveLength(3000);
    for (const [b, id] of all) expect(bucketOf(id, t.parts.length)).toBe(b);
    for (const p of t.parts) expect(rowsOf(p.sha256)).toHaveLength(p.rows);
  });

  it("gives the same hashes for the same rows in any order", () => {
    expect(writeTableParts(store, table([...rows].reverse())).parts).toEqual(t.parts);
  });

  it("changes only the edited row's part when one row changes", () => {
    const edited = rows.map((r) => (r.id === 1234 ? { ...r, title: "Edited" } : r));
    const parts = writeTableParts(store, table(edited)).parts;
    const changed = parts.map((p, b) => (p.sha256 !== t.parts[b]!.sha256 ? b : -1)).filter((b) => b >= 0);
    expect(changed).toEqual([bucketOf(1234, t.parts.length)]);
  });

  it("gives the same parts whether its rows stay in memory or are spilled to scratch files, and leaves no scratch", () => {
    // 20,000 rows of ~450 bytes: at least 64 buckets, so the parts are made one scratch group at a time.
    const big = table(Array.from({ length: 20_000 }, (_, i) => movie(i + 1)));
    const held = writeTableParts(store, big);
    expect(held.parts.length).toBeGreaterThanOrEqual(64);
    expect(writeTableParts(store, big, 64 * 1024)).toEqual(held);
    const all = held.parts.flatMap((p, b) => rowsOf(p.sha256).map((r) => [b, r[0] ?? null] as const));
    expect(all).toHaveLength(20_000);
    for (const [b, id] of all) expect(bucketOf(id, held.parts.length)).toBe(b);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(".scratch"))).toEqual([]);
  });

  it("buckets a compound key by the list of its values", () => {
    const links: Table = {
      name: "movie_genres",
      columns: ["genre_id", "movie_id", "ord"],
      key: ["genre_id", "movie_id"],
      rows: Array.from({ length: 30_000 }, (_, i) => ({ genre_id: i % 7, movie_id: i, ord: 0 })),
    };
    const t = writeTableParts(store, links, 64 * 1024);
    expect(t.parts.length).toBeGreaterThan(1);
    for (const [b, p] of t.parts.entries()) for (const r of rowsOf(p.sha256)) expect(bucketOf([r[0]!, r[1]!], t.parts.length)).toBe(b);
  });

  it("sorts a part's rows by their keys as strings, whatever their characters, in a large table and a small one", () => {
    // Text keys past U+FFFF and between U+E000 and U+FFFF: their UTF-8 bytes sort the other way
    // round from their UTF-16 code units, which is the order the parts have always had.
    const prefixes = ["a", "é", "\uE000", "\uFFFD", "\u{1F600}", "\u{10FFFF}", "ж"];
    const named = (n: number): Table => ({
      name: "titles",
      columns: ["name", "overview"],
      key: ["name"],
      rows: Array.from({ length: n }, (_, i) => ({ name: `${prefixes[i % prefixes.length]}${i}`, overview: "x".repeat(400) })),
    });
    const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    for (const [n, spill] of [
      [20_000, undefined],
      [20_000, 64 * 1024],
      [40, undefined],
    ] as const) {
      const t = writeTableParts(store, named(n), spill);
      if (n > 40) expect(t.parts.length).toBeGreaterThanOrEqual(64);
      let rows = 0;
      for (const p of t.parts) {
        const keys = rowsOf(p.sha256).map((r) => JSON.stringify([r[0]]));
        expect(keys).toEqual([...keys].sort(byCodeUnits));
        rows += keys.length;
      }
      expect(rows).toBe(n);
    }
  });

  it("refuses duplicate keys and keys that are not columns", () => {
    expect(() => writeTableParts(store, table([movie(1), movie(1)]))).toThrow(/duplicate key/);
    const big = Array.from({ length: 20_000 }, (_, i) => movie(i + 1));
    expect(() => writeTableParts(store, table([...big, movie(777)]), 64 * 1024)).toThrow(/duplicate key \[777\]/);
    expect(() => writeTableParts(store, { ...table([movie(1)]), key: ["nope"] })).toThrow(/key/);
  });
});

describe("KvPartWriter", () => {
  it("packs values into parts of about KV_PART_BYTES whose values the Worker slices back byte for byte", () => {
    const w = new KvPartWriter(store);
    const values = Array.from({ length: 40 }, (_, i) => [`recs:${i}`, JSON.stringify({ [`título ${i}`]: "ñ".repeat(20_000 + i) })] as const);
    for (const [k, v] of values) w.add(k, v);
    w.add("recs:0", values[0]![1]); // a repeated key (empty shards share one) is stored once
    const parts = w.finish();
    expect(parts.flatMap((p) => p.keys)).toEqual(values.map(([k]) => k));
    for (const p of parts) expect(p.bytes).toBeLessThanOrEqual(KV_PART_BYTES + 64 * 1024);
    expect(parts.length).toBeGreaterThan(4);
    const decoded = new Map(parts.flatMap((p) => [...kvPartValues(new Uint8Array(store.read(partKey(p.sha256))))]));
    for (const [k, v] of values) expect(new TextDecoder().decode(decoded.get(k))).toBe(v);
  });
});

describe("writeManifest", () => {
  // A catalogue of a million movies, in the shape the ETL writes it: the 45k bundle's part count
  // per table times 32 (table sizes double to the next power of two), 16,384 KV shards in
  // ~256 KB parts of 8. Refs only: the parts themselves are not needed to split the manifest.
  let refs = 0;
  const hash = () => (refs++).toString(16).padStart(64, "0");
  const at45k: Record<string, number> = { dataset_meta: 1, collections: 1, movies: 256, titles: 32, genres: 1, movie_genres: 16, companies: 2 };
  Object.assign(at45k, { movie_companies: 16, countries: 1, country_aliases: 1, movie_countries: 8, languages: 1, language_aliases: 1 });
  Object.assign(at45k, { movie_languages: 8, directors: 32, movie_directors: 8, search_words: 64, search_trigrams: 32 });
  const million: Omit<BundleManifest, "format"> = {
    version: "million",
    builtAt: "2026-12-01T00:00:00.000Z",
    counts: { movies: 1_000_000 },
    tables: Object.entries(at45k).map(([name, parts]) => ({
      name,
      columns: ["id", "a_fairly_long_column_name", "another_column", "third"],
      key: ["id"],
      rows: parts * 32 * 500,
      parts: Array.from({ length: parts === 1 ? 1 : parts * 32 }, () => ({ sha256: hash(), bytes: 131_000, rows: 500 })),
    })),
    kv: {
      map: "0123456789abcdef".repeat(16_384),
      parts: Array.from({ length: 2_048 }, (_, i) => ({
        sha256: hash(),
        bytes: 250_000,
        keys: Array.from({ length: 8 }, (_, k) => `recs:${(i * 8 + k).toString(16).padStart(16, "0")}`),
      })),
    },
  };
  const parts = million.tables.reduce((n, t) => n + t.parts.length, 0);
  const head = writeManifest(store, million);
  const headBytes = Buffer.byteLength(store.read(manifestKey("million")));
  const wholeBytes = Buffer.byteLength(JSON.stringify(million));

  it("keeps the head small and every part list within LIST_BYTES at a million movies", () => {
    expect(parts).toBeGreaterThan(10_000);
    expect(wholeBytes).toBeGreaterThan(2_000_000); // what every run read before the split
    // What a run reads: the head, and a list or two.
    expect(headBytes).toBeLessThan(24 * 1024);
    for (const l of [...head.parts, ...head.kv.parts]) expect(l.bytes).toBeLessThanOrEqual(LIST_BYTES);
    expect(head.tables.every((t) => !("parts" in t))).toBe(true);
    expect(head.kv).toMatchObject({ keys: 16_384, map: { bytes: 16 * 16_384 } });
  });

  it("resolves back to the manifest it was split from, and is the store's current one", () => {
    expect(store.manifest("million")).toEqual({ format: head.format, ...million });
    expect(currentManifest(dir)).toEqual(head);
  });

  it("packs entries in order into lists of at most the given size, however large an entry", () => {
    const entries = ["a".repeat(10), "b".repeat(10), "c".repeat(100), "d"];
    const lists = packLists(entries, 30);
    expect(lists.map((l) => l.count)).toEqual([2, 1, 1]);
    expect(lists.flatMap((l) => JSON.parse(l.text))).toEqual(entries);
    expect(packLists([], 30)).toEqual([]);
  });
});
