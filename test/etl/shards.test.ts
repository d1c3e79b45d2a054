// KV shards sized by the catalogue (etl/write/kv.ts): whatever the number of movies, no shard
// exceeds MAX_SHARD_BYTES, so a recommendation stays one small KV read and parse.
import { describe, expect, it } from "vitest";
import { ShardBuilder } from "../../etl/write/kv.ts";
import { normalizeName } from "../../src/shared/normalize.ts";
import { MAX_SHARD_BYTES, movieEntryKey, shardKeyFor, yearEntryKey } from "../../src/shared/shard.ts";
import type { CleanMovie } from "../../src/shared/types.ts";

/** Movies with realistic title lengths (titles repeat, as in the real data) and five neighbours each. */
function catalogue(n: number) {
  const movies = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    title: `Título de la película número ${i % Math.ceil(n * 0.9)}`,
    releaseYear: 1950 + (i % 70),
    voteCount: i % 997,
  })) as unknown as CleanMovie[];
  // Each neighbour explained by three terms of typical length (etl/recommender/explain.ts).
  const terms = ["toy", "woody", "andy", "adventure", "family", "detective", "murder", "love", "war", "brothers"];
  const neighbours = new Map(
    movies.map((m, i) => [
      m.id,
      Array.from({ length: 5 }, (_, k) => ({
        id: ((i + k * 7919 + 1) % n) + 1,
        sim: 0.123456 + k / 10,
        terms: [0, 1, 2].map((t) => terms[(i + k + t * 3) % terms.length]!),
      })),
    ]),
  );
  return { movies, neighbours };
}

describe("ShardBuilder", () => {
  it.each([4_995, 45_000, 200_000])("keeps every shard of %i movies under MAX_SHARD_BYTES, with a power-of-two count", (n) => {
    const { movies, neighbours } = catalogue(n);
    const b = new ShardBuilder(movies, neighbours);
    const plan = b.plan();
    expect(Math.log2(plan.count) % 1).toBe(0);
    expect(plan.largest).toBeLessThanOrEqual(MAX_SHARD_BYTES);
    // Not more shards than needed: at half the count, some shard would be over the limit or the average above half of it.
    expect(plan.largest).toBeGreaterThan(MAX_SHARD_BYTES / 8);
    if (n === 4_995) {
      let map = "";
      let largest = 0;
      for (const s of b.shards(plan)) {
        map += s.hash;
        largest = Math.max(largest, Buffer.byteLength(s.value));
        expect(s.key).toBe(`recs:${s.hash}`);
      }
      expect(largest).toBe(plan.largest);
      // A title's shard, found from the map alone, holds that title.
      const title = normalizeName("Título de la película número 42");
      const key = shardKeyFor(map, title);
      const shard = [...b.shards(plan)].find((s) => s.key === key)!;
      expect(JSON.parse(shard.value)[title].map((m: { id: number }) => m.id)).toContain(43);
    }
  });

  it("lists a title's movies most-voted first, then by id, without their votes", () => {
    const movies = [
      { id: 3, title: "Sabrina", releaseYear: 1995, voteCount: 10 },
      { id: 1, title: "Sabrina", releaseYear: 1954, voteCount: 500 },
      { id: 2, title: "Sabrina", releaseYear: 2001, voteCount: 10 },
    ] as unknown as CleanMovie[];
    const b = new ShardBuilder(movies, new Map());
    const [shard] = [...b.shards(b.plan())];
    expect(JSON.parse(shard!.value).sabrina).toEqual([
      { id: 1, titulo: "Sabrina", anio: 1954, recs: [] },
      { id: 2, titulo: "Sabrina", anio: 2001, recs: [] },
      { id: 3, titulo: "Sabrina", anio: 1995, recs: [] },
    ]);
  });
});

describe("titles shared by too many movies for one entry", () => {
  it("are split: an index with the most voted movie and the years, each year's most voted, every movie by id", () => {
    const movies = Array.from({ length: 400 }, (_, i) => ({ id: i + 1, title: "The", releaseYear: 1950 + (i % 40), voteCount: i })) as unknown as CleanMovie[];
    const neighbours = new Map(movies.map((m) => [m.id, Array.from({ length: 5 }, (_, k) => ({ id: ((m.id + k) % 400) + 1, sim: 0.5 }))]));
    const b = new ShardBuilder(movies, neighbours);
    const plan = b.plan();
    expect(plan.splitTitles).toBe(1);
    expect(plan.largest).toBeLessThanOrEqual(MAX_SHARD_BYTES);
    const all: Record<string, unknown> = Object.assign({}, ...[...b.shards(plan)].map((s) => JSON.parse(s.value)));
    const index = all.the as { anios: number[]; primero: { id: number } };
    expect(index.primero.id).toBe(400); // most votes
    expect(index.anios).toHaveLength(40);
    expect(index.anios[0]).toBe(1950 + (399 % 40));
    // 1951's most voted: ids 2, 42, ..., 362 are that year; 362 has the most votes.
    expect((all[yearEntryKey("the", 1951)] as { id: number }).id).toBe(362);
    for (const m of movies) expect((all[movieEntryKey(m.id)] as { recs: unknown[] }).recs).toHaveLength(5);
  });
});

describe("the shard plan's sizes", () => {
  // The plan adds each entry's size up from its parts (etl/write/kv.ts, movieBytes) instead of
  // making it; shards() throws if a shard's text is not the size its plan says. Titles and terms
  // here are the ones whose JSON differs from their text: quotes, backslashes, control
  // characters, characters of 2 to 4 bytes, a lone surrogate; similarities rounded to 6
  // decimals, 0 and 1; ids and years of several lengths; a split title.
  const odd = ['Say "Hi"', "C:\\path", "tab\there\nnewline", "Amélie", "東京物語", "🎬 film", "half \ud800 pair", "\u0001ctl", "plain"];
  const movies = Array.from({ length: 600 }, (_, i) => ({
    id: i < 300 ? i + 1 : 1_000_000 + i,
    title: i < 300 ? `${odd[i % odd.length]} ${i % 50}` : "The",
    releaseYear: i % 3 ? 1874 + (i % 150) : 2024,
    voteCount: i % 13,
  })) as unknown as CleanMovie[];
  const sims = [1, 0, 0.5, 0.1234565, 1 / 3, 0.000001];
  const neighbours = new Map(
    movies.map((m, i) => [
      m.id,
      Array.from({ length: i % 6 }, (_, k) => ({
        id: movies[(i + k + 1) % movies.length]!.id,
        sim: sims[(i + k) % sims.length]!,
        terms: Array.from({ length: k }, (_, t) => odd[(i + t) % odd.length]!.toLowerCase()),
      })),
    ]),
  );

  it("are the sizes of the shards made, byte for byte", () => {
    const b = new ShardBuilder(movies, neighbours);
    const plan = b.plan();
    expect(plan.splitTitles).toBe(1);
    let largest = 0;
    let entries = 0;
    for (const s of b.shards(plan)) {
      largest = Math.max(largest, Buffer.byteLength(s.value));
      entries += Object.keys(JSON.parse(s.value)).length;
    }
    expect(largest).toBe(plan.largest);
    expect(entries).toBeGreaterThan(300);
  });
});
