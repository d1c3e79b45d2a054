// The seed bundle writer (etl/write/bundle.ts): deterministic content-addressed parts, rows
// bucketed by key so that an edit changes only its own bucket's part.
import { describe, expect, it } from "vitest";
import type { Row, Table } from "../../etl/build/catalog.ts";
import { buildBundle, TARGET_PART_BYTES } from "../../etl/write/bundle.ts";
import { bucketOf, type TablePart } from "../../src/shared/bundle.ts";

const movie = (id: number, title = `Movie ${id}`): Row => ({ id, title, overview: "x".repeat(400), runtime: id % 7 ? 90 + (id % 50) : null });
const table = (rows: Row[]): Table => ({ name: "movies", columns: ["id", "title", "overview", "runtime"], key: ["id"], rows });
const meta = { version: "v", builtAt: "2026-01-01T00:00:00.000Z", counts: {} };
const rowsOf = (objects: Map<string, string>, sha: string) => (JSON.parse(objects.get(sha)!) as TablePart).rows;

describe("buildBundle", () => {
  const rows = Array.from({ length: 3000 }, (_, i) => movie(i + 1));
  const { manifest, objects } = buildBundle([table(rows)], [], meta);
  const t = manifest.tables[0]!;

  it("splits a table into a power-of-two number of buckets near the target part size", () => {
    expect(t.rows).toBe(3000);
    expect(Math.log2(t.parts.length) % 1).toBe(0);
    const sizes = t.parts.map((sha) => objects.get(sha)!.length);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThanOrEqual(TARGET_PART_BYTES);
    expect(t.parts.length).toBeGreaterThan(4);
    // Every row is in its key's bucket, once.
    const all = t.parts.flatMap((sha, b) => rowsOf(objects, sha).map((r) => [b, r[0] ?? null] as const));
    expect(all).toHaveLength(3000);
    for (const [b, id] of all) expect(bucketOf(id, t.parts.length)).toBe(b);
  });

  it("gives the same hashes for the same rows in any order", () => {
    const again = buildBundle([table([...rows].reverse())], [], meta);
    expect(again.manifest.tables[0]!.parts).toEqual(t.parts);
  });

  it("changes only the edited row's part when one row changes", () => {
    const edited = rows.map((r) => (r.id === 1234 ? { ...r, title: "Edited" } : r));
    const parts = buildBundle([table(edited)], [], meta).manifest.tables[0]!.parts;
    const changed = parts.map((sha, b) => (sha !== t.parts[b] ? b : -1)).filter((b) => b >= 0);
    expect(changed).toEqual([bucketOf(1234, t.parts.length)]);
  });

  it("refuses duplicate keys and keys that are not columns", () => {
    expect(() => buildBundle([table([movie(1), movie(1)])], [], meta)).toThrow(/duplicate key/);
    expect(() => buildBundle([{ ...table([movie(1)]), key: ["nope"] }], [], meta)).toThrow(/key/);
  });

  it("groups KV shards into a few parts that list their keys", () => {
    const shards = Array.from({ length: 256 }, (_, shard) => ({ shard, key: `recs:${shard}`, value: `{"s":${shard}}` }));
    const b = buildBundle([], shards, meta);
    expect(b.manifest.kv.parts).toHaveLength(16);
    expect(b.manifest.kv.parts.flatMap((p) => p.keys).sort()).toEqual(shards.map((s) => s.key).sort());
  });
});
