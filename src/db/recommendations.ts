// Recommendations come from KV shards written by the ETL (etl/write/kv.ts). Shard keys are
// content addressed, so a parsed shard never goes stale; it stays in isolate memory for a while,
// bounded in count and bytes. A shard that KV does not return is an error (503), never "no
// recommendations": KV is eventually consistent, and a miss must not be cached as an answer.
import { unavailable } from "../lib/errors.ts";
import { shardKeyFor } from "../shared/shard.ts";
import type { RecShard, ShardMovie } from "../shared/types.ts";
import { activeDataset } from "./dataset.ts";

const MAX_SHARDS = 64;
const MAX_BYTES = 4 * 2 ** 20; // shards are ≤ 64 KB each
const TTL_MS = 10 * 60_000;
const cache = new Map<string, { at: number; bytes: number; shard: RecShard }>();
let cachedBytes = 0;

async function loadShard(kv: KVNamespace, key: string): Promise<RecShard> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.shard;
  let text: string | null;
  try {
    text = await kv.get(key, { cacheTtl: 3600 });
  } catch {
    throw unavailable("Recommendations are temporarily unavailable.");
  }
  if (text === null) throw unavailable("Recommendations for this title are not available yet; try again shortly.");
  const shard = JSON.parse(text) as RecShard;
  if (hit) cachedBytes -= hit.bytes;
  cache.delete(key);
  cache.set(key, { at: Date.now(), bytes: text.length, shard });
  cachedBytes += text.length;
  for (const [k, v] of cache) {
    if (cache.size <= MAX_SHARDS && cachedBytes <= MAX_BYTES) break;
    cache.delete(k);
    cachedBytes -= v.bytes;
  }
  return shard;
}

/** Every movie with this normalised title, most-voted first, each with its neighbours. */
export async function findRecommendations(env: Pick<Env, "DB" | "RECS">, titleKey: string): Promise<ShardMovie[]> {
  const dataset = await activeDataset(env.DB);
  const key = dataset && shardKeyFor(dataset.shardMap, titleKey);
  if (!key) return [];
  return (await loadShard(env.RECS, key))[titleKey] ?? [];
}

/** Empties the shard cache (tests). */
export function forgetShards() {
  cache.clear();
  cachedBytes = 0;
}
