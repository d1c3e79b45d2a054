// The dataset being served: its version and where its recommendation shards live in KV. Read
// from D1 at most once a minute per isolate, so a recommendation hit normally costs one KV
// read and no D1 query; a reseed switches both in one D1 transaction.
import { SHARD_COUNT } from "../shared/shard.ts";

export interface ActiveDataset { version: string; builtAt: string; movies: number; shardKeys: string[] }

const TTL_MS = 60_000;
let cached: { at: number; value: Promise<ActiveDataset | null> } | undefined;

async function load(db: D1Database): Promise<ActiveDataset | null> {
  const [meta, shards] = await db.batch<{ key: string; value: string } | { shard: number; kv_key: string }>([
    db.prepare("SELECT key, value FROM dataset_meta"),
    db.prepare("SELECT shard, kv_key FROM rec_shards"),
  ]);
  const m = Object.fromEntries((meta!.results as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  if (!m.version) return null;
  const shardKeys = new Array<string>(SHARD_COUNT).fill("");
  for (const r of shards!.results as { shard: number; kv_key: string }[]) shardKeys[r.shard] = r.kv_key;
  return { version: m.version, builtAt: m.built_at ?? "", movies: Number(m.movies ?? 0), shardKeys };
}

export function activeDataset(db: D1Database): Promise<ActiveDataset | null> {
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const value = load(db);
    cached = { at: Date.now(), value };
    value.catch(() => (cached = undefined)); // a failed read is retried by the next request
  }
  return cached.value;
}

/** Forget the cached dataset (after a reseed in this isolate, and in tests). */
export function forgetActiveDataset() {
  cached = undefined;
}
