// The delta publish computes (etl/publish/delta.ts): only changed buckets are diffed, rows are
// compared whole, and applying the delta to the old rows gives the new ones exactly.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ListedTable, Row, Table } from "../../etl/build/catalog.ts";
import { sha256 } from "../../etl/hash.ts";
import { computeDelta, diffRows, STAGE_PART_BYTES } from "../../etl/publish/delta.ts";
import { BundleStore, writeTableParts } from "../../etl/write/bundle.ts";
import { BUNDLE_FORMAT, type BundleManifest, type Cell, keyText, partKey, type StageTriple } from "../../src/shared/bundle.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "delta-test-"));
const store = new BundleStore(dir);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const movies = (n: number, edit: (r: Row) => Row = (r) => r): ListedTable => ({
  name: "movies",
  columns: ["id", "title", "runtime"],
  key: ["id"],
  rows: Array.from({ length: n }, (_, i) => edit({ id: i + 1, title: `Movie ${i + 1} ${"x".repeat(300)}`, runtime: 90 })),
});
const manifest = (version: string, tables: Table[], map = "0".repeat(16)): BundleManifest => ({
  format: BUNDLE_FORMAT,
  version,
  builtAt: "",
  counts: {},
  tables: tables.map((t) => writeTableParts(store, t)),
  kv: { map, parts: [] },
});
const read = async (h: string) => store.read(partKey(h));

/** The rows after applying the delta's staged triples to `before` (what the switch does in SQL). */
function apply(before: Cell[][], triples: StageTriple[], keyIndex: number[]): Cell[][] {
  const rows = new Map(before.map((r) => [keyText(r, keyIndex), r]));
  for (const [, dels, puts] of triples) {
    for (const k of dels) rows.delete(JSON.stringify(k));
    for (const r of puts) rows.set(keyText(r, keyIndex), r);
  }
  return [...rows.values()];
}

describe("computeDelta", () => {
  const before = movies(2000);
  const edited = movies(2000, (r) => (r.id === 7 ? { ...r, runtime: 95 } : r));
  edited.rows = edited.rows.filter((r) => r.id !== 1500);
  edited.rows.push({ id: 9999, title: "New movie", runtime: 100 });
  const a = manifest("a", [before]);
  const b = manifest("b", [edited]);

  it("lists only the changed rows, and applying them gives the new table", async () => {
    const d = await computeDelta(a, b, "f".repeat(64), read, sha256);
    expect(d.manifest).toMatchObject({ from: "a", to: "b", rows: 3, tables: [{ name: "movies", dels: true, puts: true }] });
    const text = (sha: string) => d.parts.find((p) => p.sha256 === sha)!.text;
    const triples = d.stage.flatMap((p) => JSON.parse(text(p.sha256)) as StageTriple[]);
    const after = apply(
      before.rows.map((r) => [r.id!, r.title!, r.runtime!]),
      triples,
      [0],
    );
    expect(after.map((r) => JSON.stringify(r)).sort()).toEqual(edited.rows.map((r) => JSON.stringify([r.id, r.title, r.runtime])).sort());
  });

  it("splits a large change into stage parts of at most STAGE_PART_BYTES", async () => {
    const all = manifest("c", [movies(2000, (r) => ({ ...r, runtime: 120 }))]);
    const d = await computeDelta(a, all, "f".repeat(64), read, sha256);
    expect(d.manifest.rows).toBe(2000);
    expect(d.stage.length).toBeGreaterThan(1);
    for (const p of d.stage) expect(p.bytes).toBeLessThanOrEqual(STAGE_PART_BYTES);
    expect(d.stage.reduce((n, p) => n + p.rows, 0)).toBe(2000);
    // The delta itself names them through its part lists, which hold exactly those refs.
    const lists = d.manifest.parts.flatMap((l) => JSON.parse(d.parts.find((p) => p.sha256 === l.sha256)!.text));
    expect(lists).toEqual(d.stage);
  });

  it("names the KV keys the new version adds and the ones only the old one used", async () => {
    const x = { ...a, kv: { map: "a".repeat(16) + "b".repeat(16), parts: [] } };
    const y = {
      ...b,
      kv: { map: "b".repeat(16) + "c".repeat(16), parts: [{ sha256: "p", bytes: 1, keys: ["recs:" + "b".repeat(16), "recs:" + "c".repeat(16)] }] },
    };
    const d = await computeDelta(x, y, "f".repeat(64), read, sha256);
    expect(d.kv).toEqual({ parts: [{ sha256: "p", bytes: 1, keys: ["recs:" + "c".repeat(16)] }], retire: ["recs:" + "a".repeat(16)] });
    expect(d.manifest.kv.keys).toBe(1);
    expect(d.parts.find((p) => p.sha256 === d.manifest.kv.retire.sha256)!.text).toBe(JSON.stringify(d.kv.retire));
  });
});

describe("diffRows", () => {
  it("compares whole rows by key", () => {
    const t = { columns: ["k", "v"], key: ["k"] };
    expect(
      diffRows(
        t,
        [
          [1, "a"],
          [2, "b"],
          [3, "c"],
        ],
        [
          [1, "a"],
          [2, "B"],
          [4, "d"],
        ],
      ),
    ).toEqual({
      dels: [[3]],
      puts: [
        [2, "B"],
        [4, "d"],
      ],
    });
  });
});
