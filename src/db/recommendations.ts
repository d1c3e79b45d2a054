// Recommendations come from KV shards written by the ETL (etl/write/kv.ts). Shard keys are
// content addressed, so a parsed shard never goes stale and can stay in isolate memory.
import { shardOf } from "../shared/shard.ts";
import type { RecShard, ShardMovie } from "../shared/types.ts";
import { activeDataset } from "./dataset.ts";

const MAX_CACHED = 64;
const cache = new Map<string, RecShard>();

async function loadShard(kv: KVNamespace, key: string): Promise<RecShard> {
  const hit = cache.get(key);
  if (hit) return hit;
  const shard = (await kv.get<RecShard>(key, { type: "json", cacheTtl: 3600 })) ?? {};
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, shard);
  return shard;
}

/** Every movie with this normalised title, most-voted first, each with its neighbours. */
export async function findRecommendations(env: Pick<Env, "DB" | "RECS">, titleKey: string): Promise<ShardMovie[]> {
  const dataset = await activeDataset(env.DB);
  const key = dataset?.shardKeys[shardOf(titleKey)];
  if (!key) return [];
  return (await loadShard(env.RECS, key))[titleKey] ?? [];
}
