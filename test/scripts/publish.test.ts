// `npm run publish` (scripts/publish.ts) against an in-memory bucket: it uploads every object a
// bundle's manifest head names — table and KV parts, part lists, shard map — and the deltas from
// the version live there, and points `latest` at the head last, once everything it names exists.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Table } from "../../etl/build/catalog.ts";
import { sha256 } from "../../etl/hash.ts";
import { BundleStore, KvPartWriter, writeManifest, writeTableParts } from "../../etl/write/bundle.ts";
import { publish } from "../../scripts/publish.ts";
import { type DeltaManifest, LATEST_KEY, type LatestPointer, listEntries, type ManifestHead, manifestKey, partKey } from "../../src/shared/bundle.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "publish-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const store = new BundleStore(dir);

const movies = (runtime: (id: number) => number): Table => ({
  name: "movies",
  columns: ["id", "title", "runtime"],
  key: ["id"],
  rows: Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, title: `Movie ${i + 1} ${"x".repeat(200)}`, runtime: runtime(i + 1) })),
});

/** A build of the ETL: a table and two KV shards, the manifest split into lists of ~300 bytes. */
function build(version: string, runtime: (id: number) => number, shards: string[]): ManifestHead {
  const kv = new KvPartWriter(store);
  for (const s of shards) kv.add(`recs:${s}`, JSON.stringify({ [s]: [] }));
  const tables = [writeTableParts(store, movies(runtime))];
  return writeManifest(store, { version, builtAt: "", counts: { movies: 3000 }, tables, kv: { map: shards.join(""), parts: kv.finish() } }, 300);
}

/** A bucket in memory, with the D1 version it says is live. */
function bucket(live: string | null) {
  const objects = new Map<string, Buffer>();
  const order: string[] = [];
  return {
    objects,
    order,
    live,
    describe: "memory",
    get: async (key: string) => objects.get(key) ?? null,
    has: async (key: string) => objects.has(key),
    async put(key: string, body: Buffer) {
      objects.set(key, body);
      order.push(key);
    },
    async liveVersion() {
      return this.live;
    },
    close: async () => {},
  };
}

const text = (b: ReturnType<typeof bucket>) => (hash: string) => b.objects.get(partKey(hash))!.toString("utf8");

describe("publish", () => {
  const a = build("aaaa", () => 90, ["0".repeat(16), "1".repeat(16)]);
  const target = bucket(null);

  it("uploads the head, every list and every part it names, and `latest` last", async () => {
    const r = await publish(store, target);
    expect(r).toMatchObject({ version: "aaaa", deltas: [], skippedBases: [] });
    expect(a.parts.length).toBeGreaterThan(2);
    const named = [...a.parts, ...a.kv.parts, a.kv.map].map((l) => partKey(l.sha256));
    const parts = [...listEntries<{ sha256: string }>([...a.parts, ...a.kv.parts], text(target))].map((p) => partKey(p.sha256));
    for (const key of [...named, ...parts, manifestKey("aaaa")]) expect(target.objects.has(key), key).toBe(true);
    expect(target.order.at(-1)).toBe(LATEST_KEY);
    const latest = JSON.parse(target.objects.get(LATEST_KEY)!.toString("utf8")) as LatestPointer;
    expect(latest).toMatchObject({ version: "aaaa", manifest: manifestKey("aaaa"), sha256: sha256(target.objects.get(manifestKey("aaaa"))!), deltas: {} });
  });

  it("computes the delta from the live version, with its lists, and names it in `latest`", async () => {
    build("bbbb", (id) => (id === 7 ? 95 : 90), ["0".repeat(16), "2".repeat(16)]);
    target.live = "aaaa";
    const r = await publish(store, target);
    expect(r.skippedBases).toEqual([]);
    const latest = JSON.parse(target.objects.get(LATEST_KEY)!.toString("utf8")) as LatestPointer;
    const ref = latest.deltas.aaaa!;
    const delta = JSON.parse(target.objects.get(ref.key)!.toString("utf8")) as DeltaManifest;
    expect(sha256(target.objects.get(ref.key)!)).toBe(ref.sha256);
    expect(delta).toMatchObject({ from: "aaaa", to: "bbbb", toManifest: latest.sha256, rows: 1, kv: { keys: 1, retire: { count: 1 } } });
    expect(listEntries<string>([delta.kv.retire], text(target))).toEqual([`recs:${"1".repeat(16)}`]);
    const stage = listEntries<{ sha256: string }>(delta.parts, text(target));
    expect(stage).toHaveLength(1);
    expect(target.objects.has(partKey(stage[0]!.sha256))).toBe(true);
  });

  it("computes the delta from a live version published as a whole manifest (format 2, before the part lists)", async () => {
    // aaaa's manifest as format 2 wrote it: every ref in one object.
    const whole = { ...store.manifest("aaaa")!, format: 2, version: "whole" };
    target.objects.set(manifestKey("whole"), Buffer.from(JSON.stringify(whole)));
    target.live = "whole";
    const r = await publish(store, target);
    expect(r.skippedBases).toEqual([]);
    expect(r.deltas.map((d) => ({ from: d.from, rows: d.rows, keys: d.kv.keys }))).toEqual([{ from: "whole", rows: 1, keys: 1 }]);
  });

  it("computes no delta from a version whose manifest is in a format it does not know", async () => {
    target.objects.set(manifestKey("old"), Buffer.from(JSON.stringify({ format: 1, version: "old" })));
    target.live = "old";
    const r = await publish(store, target);
    expect(r).toMatchObject({ version: "bbbb", skippedBases: ["old"] });
  });
});
