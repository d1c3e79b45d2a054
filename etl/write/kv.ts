// Groups every movie's neighbours into the KV shards the Worker reads (src/shared/shard.ts):
// one read answers /recomendacion for any title, with titles and years inline so no D1 query
// is needed on a hit.
import { normalizeName } from "../../src/shared/normalize.ts";
import { sha256 } from "../hash.ts";
import { SHARD_COUNT, shardKey, shardOf } from "../../src/shared/shard.ts";
import type { CleanMovie, RecShard } from "../../src/shared/types.ts";

export interface KvEntry { key: string; value: string }
export interface RecShardEntry extends KvEntry { shard: number }

/** Similarities are shown with 6 decimals: enough to order them, short in KV. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function buildShards(movies: CleanMovie[], neighbours: Map<number, { id: number; sim: number }[]>): RecShardEntry[] {
  const byId = new Map(movies.map((m) => [m.id, m]));
  const shards: RecShard[] = Array.from({ length: SHARD_COUNT }, () => ({}));
  for (const m of movies) {
    const key = normalizeName(m.title);
    const shard = shards[shardOf(key)]!;
    const recs = (neighbours.get(m.id) ?? []).map((n) => {
      const r = byId.get(n.id)!;
      return { id: r.id, titulo: r.title, anio: r.releaseYear, similitud: round6(n.sim) };
    });
    (shard[key] ??= []).push({ id: m.id, titulo: m.title, anio: m.releaseYear, votos: m.voteCount, recs });
  }
  // Same order as the title route: most votes first, then lowest id.
  for (const shard of shards) for (const list of Object.values(shard)) list.sort((a, b) => b.votos - a.votos || a.id - b.id);
  return shards.map((s, shard) => {
    const value = JSON.stringify(s);
    return { shard, key: shardKey(sha256(value).slice(0, 20)), value };
  });
}
