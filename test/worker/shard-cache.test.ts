// The parsed recommendation shards kept in isolate memory (src/db/recommendations.ts) are
// bounded by their bytes, not by a count: a catalogue whose shards fit in SHARD_CACHE_BYTES is
// read from KV once per shard, and one that does not fit is re-read, never held whole. KV reads
// are counted on the binding the lookups receive.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { forgetShards, recommendedFor, SHARD_CACHE_BYTES } from "../../src/db/recommendations.ts";
import { shardMapRows } from "../../src/shared/dataset-meta.ts";
import { SHARD_HASH_CHARS, shardKey, shardOf } from "../../src/shared/shard.ts";
import type { RecShard, ShardMovie } from "../../src/shared/types.ts";

const SHARDS = 128; // as many as the real catalogue's

/** Writes SHARDS shards holding `titles` titles each, whose overviews pad each shard to about `shardBytes`; returns the titles. */
async function writeShards(shardBytes: number): Promise<string[]> {
  const shards: RecShard[] = Array.from({ length: SHARDS }, () => ({}));
  const titles: string[] = [];
  for (let i = 0; titles.length < SHARDS; i++) {
    const key = `title ${i}`;
    const shard = shards[shardOf(key, SHARDS)]!;
    if (Object.keys(shard).length) continue; // one title per shard
    const pad = "x".repeat(Math.max(0, shardBytes - 200));
    const m: ShardMovie = { id: i + 1, titulo: key, anio: 2000, recs: [{ id: i + 2, titulo: pad, anio: 2001, similitud: 0.5, terminos: ["x"] }] };
    shard[key] = [m];
    titles.push(key);
  }
  let map = "";
  for (const [i, shard] of shards.entries()) {
    const hash = `${shardBytes}.${i}`.padStart(SHARD_HASH_CHARS, "0");
    map += hash;
    await env.RECS.put(shardKey(hash), JSON.stringify(shard));
  }
  await env.DB.batch([
    env.DB.prepare("DELETE FROM dataset_meta WHERE key LIKE 'rec_shards%'"),
    ...Object.entries(shardMapRows(map)).map(([k, v]) => env.DB.prepare("INSERT INTO dataset_meta (key, value) VALUES (?1, ?2)").bind(k, v)),
  ]);
  forgetActiveDataset();
  forgetShards();
  return titles;
}

/** KV reads made by two passes over every title. */
async function readsForTwoPasses(titles: string[]): Promise<number> {
  let reads = 0;
  const RECS = new Proxy(env.RECS, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown;
      if (prop === "get") reads++;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  for (let pass = 0; pass < 2; pass++) {
    for (const t of titles) expect(await recommendedFor({ DB: env.DB, RECS }, t)).toMatchObject({ movie: { titulo: t } });
  }
  return reads;
}

beforeEach(() => forgetShards());

describe("the recommendation shard cache", () => {
  it("reads each shard of a catalogue that fits its bytes once (128 shards of ~24 KB)", async () => {
    const titles = await writeShards(24 * 1024);
    expect(SHARDS * 24 * 1024).toBeLessThan(SHARD_CACHE_BYTES);
    expect(await readsForTwoPasses(titles)).toBe(SHARDS);
  });

  it("re-reads shards once they pass its bytes (128 shards of ~48 KB)", async () => {
    const titles = await writeShards(48 * 1024);
    expect(SHARDS * 48 * 1024).toBeGreaterThan(SHARD_CACHE_BYTES);
    expect(await readsForTwoPasses(titles)).toBeGreaterThan(SHARDS + SHARDS / 2);
  });
});
