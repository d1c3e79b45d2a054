// Recommendations come from KV shards written by the ETL (etl/write/kv.ts). Parsed shards are
// kept in isolate memory for a minute: KV is eventually consistent (~60 s) anyway, and parsing
// a shard costs more CPU than the lookup.
import { shardKey, shardOf } from "../shared/shard.ts";
import type { RecShard, ShardMovie } from "../shared/types.ts";

const TTL_MS = 60_000;
const MAX_CACHED = 64;
const cache = new Map<string, { at: number; shard: RecShard }>();

async function loadShard(kv: KVNamespace, key: string): Promise<RecShard> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.shard;
  const shard = (await kv.get<RecShard>(key, { type: "json", cacheTtl: 60 })) ?? {};
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, { at: Date.now(), shard });
  return shard;
}

/** Every movie with this normalised title, most-voted first, each with its neighbours. */
export async function findRecommendations(kv: KVNamespace, titleKey: string): Promise<ShardMovie[]> {
  const shard = await loadShard(kv, shardKey(shardOf(titleKey)));
  return shard[titleKey] ?? [];
}

/** For tests and reseeding: forget parsed shards. */
export function clearShardCache() {
  cache.clear();
}
