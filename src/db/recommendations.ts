// Recommendations come from KV shards written by the ETL (etl/write/kv.ts). Shard keys are
// content addressed, so a parsed shard never goes stale; it stays in isolate memory for a while,
// bounded in count and bytes. A shard that KV does not return is an error (503), never "no
// recommendations": KV is eventually consistent, and a miss must not be cached as an answer.
import { unavailable } from "../lib/errors.ts";
import { movieEntryKey, shardKeyFor, yearEntryKey } from "../shared/shard.ts";
import type { Neighbour, RecShard, ShardMovie, SplitTitle } from "../shared/types.ts";
import { activeDataset } from "./dataset.ts";

// Bounded by the shards' JSON bytes (the parsed objects take a few times that). The count only
// bounds the map when shards are tiny: a cap of 64 shards left the real catalogue's 128 (~24 KB
// each, 3.1 MB in all) re-read from KV on every other request, however little memory they took.
const MAX_SHARDS = 1_024;
export const SHARD_CACHE_BYTES = 4 * 2 ** 20; // shards are ≤ 64 KB each
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
    if (cache.size <= MAX_SHARDS && cachedBytes <= SHARD_CACHE_BYTES) break;
    cache.delete(k);
    cachedBytes -= v.bytes;
  }
  return shard;
}

async function entry(env: Pick<Env, "DB" | "RECS">, key: string): Promise<RecShard[string] | undefined> {
  const dataset = await activeDataset(env.DB);
  const shardKey = dataset && shardKeyFor(dataset.shardMap, key);
  return shardKey ? (await loadShard(env.RECS, shardKey))[key] : undefined;
}

const isSplit = (e: RecShard[string]): e is SplitTitle => !Array.isArray(e) && "primero" in e;

/** A title's recommended movie: its most voted one, or its most voted of `anio`. */
export type TitlePick = { movie: ShardMovie } | { years: number[]; titulo: string } | null;

/**
 * The movie a title route answers with, and its neighbours: the most voted with this
 * normalised title (of `anio`, if given); `years` when the title exists but not in that year;
 * null for an unknown title. One KV read, two for a year of a split title.
 */
export async function recommendedFor(env: Pick<Env, "DB" | "RECS">, titleKey: string, anio?: number): Promise<TitlePick> {
  const e = await entry(env, titleKey);
  if (!e || (Array.isArray(e) && !e.length)) return null;
  if (Array.isArray(e)) {
    const movie = anio === undefined ? e[0] : e.find((m) => m.anio === anio);
    return movie ? { movie } : { years: e.map((m) => m.anio), titulo: e[0]!.titulo };
  }
  if (!isSplit(e)) return null;
  if (anio === undefined) return { movie: e.primero };
  const head = e.anios.includes(anio) ? await entry(env, yearEntryKey(titleKey, anio)) : undefined;
  return head && !Array.isArray(head) && !isSplit(head) ? { movie: head } : { years: e.anios, titulo: e.primero.titulo };
}

/** The neighbours of one movie, found by its title (and, for a split title, its id). */
export async function neighboursOf(env: Pick<Env, "DB" | "RECS">, titleKey: string, id: number): Promise<Neighbour[]> {
  const e = await entry(env, titleKey);
  if (!e) return [];
  if (Array.isArray(e)) return e.find((m) => m.id === id)?.recs ?? [];
  const own = isSplit(e) ? await entry(env, movieEntryKey(id)) : undefined;
  return own && !Array.isArray(own) && !isSplit(own) ? own.recs : [];
}

/** Empties the shard cache (tests). */
export function forgetShards() {
  cache.clear();
  cachedBytes = 0;
}
