// Titles shared by too many movies for one shard entry (synthetic catalogues have a "The" with
// thousands of movies) are split by year and by movie (etl/write/kv.ts, tested in
// test/etl/shards.test.ts); the Worker follows the split (src/db/recommendations.ts): the
// title's index for its most voted movie, a second read for a year or a movie. The shards here
// are written in that layout (SplitTitle) and served through the real bindings.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { forgetShards, neighboursOf, recommendedFor } from "../../src/db/recommendations.ts";
import { shardMapRows } from "../../src/shared/dataset-meta.ts";
import { movieEntryKey, SHARD_HASH_CHARS, shardKey, shardOf, yearEntryKey } from "../../src/shared/shard.ts";
import type { RecShard, ShardMovie } from "../../src/shared/types.ts";

const SHARDS = 8;
/** 400 movies titled "The", ids 900000..900399, year 1950 + i % 40, more votes for higher ids. */
const movie = (i: number): ShardMovie => ({
  id: 900_000 + i,
  titulo: "The",
  anio: 1950 + (i % 40),
  recs: [{ id: 900_000 + ((i + 1) % 400), titulo: "The", anio: 1950 + ((i + 1) % 40), similitud: 0.25, terminos: ["the"] }],
});

beforeAll(async () => {
  const shards: RecShard[] = Array.from({ length: SHARDS }, () => ({}));
  const put = (key: string, value: RecShard[string]) => {
    shards[shardOf(key, SHARDS)]![key] = value;
  };
  const years: number[] = [];
  for (let i = 399; i >= 0; i--) {
    const m = movie(i);
    if (!years.includes(m.anio)) {
      years.push(m.anio);
      put(yearEntryKey("the", m.anio), m);
    }
    put(movieEntryKey(m.id), m);
  }
  put("the", { anios: years, primero: movie(399) });
  let map = "";
  for (const [i, shard] of shards.entries()) {
    const hash = `${i}`.padStart(SHARD_HASH_CHARS, "f");
    map += hash;
    await env.RECS.put(shardKey(hash), JSON.stringify(shard));
  }
  const rows = Object.entries(shardMapRows(map));
  await env.DB.batch([
    env.DB.prepare("DELETE FROM dataset_meta WHERE key LIKE 'rec_shards%'"),
    ...rows.map(([k, v]) => env.DB.prepare("INSERT INTO dataset_meta (key, value) VALUES (?1, ?2)").bind(k, v)),
  ]);
  forgetActiveDataset();
  forgetShards();
});

describe("a split title", () => {
  it("answers its most voted movie, a year's most voted, a missing year with the years, and any movie's neighbours", async () => {
    const top = await recommendedFor(env, "the");
    expect(top).toMatchObject({ movie: { id: 900_399, anio: 1950 + (399 % 40) } });
    expect(await recommendedFor(env, "the", 1951)).toMatchObject({ movie: { id: 900_361, anio: 1951 } });
    const missing = await recommendedFor(env, "the", 2020);
    expect(missing).toMatchObject({ titulo: "The" });
    expect((missing as { years: number[] }).years).toHaveLength(40);
    expect(await neighboursOf(env, "the", 900_007)).toEqual([{ id: 900_008, titulo: "The", anio: 1950 + 8, similitud: 0.25, terminos: ["the"] }]);
    expect(await recommendedFor(env, "no such title")).toBeNull();
  });
});
