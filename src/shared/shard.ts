// Recommendations live in KV grouped into shards: a title's shard is a hash of its normalised
// form modulo the shard count, a power of two the ETL picks for the catalogue so that no shard
// exceeds MAX_SHARD_BYTES (one small KV read per recommendation at any size). Keys are content
// addressed (`recs:<hash>`), so a new dataset rewrites only the shards whose content changed;
// the shard map — every shard's hash, concatenated — is one row of dataset_meta, switched with
// the rest of the data in one transaction.

/** Largest KV value a recommendation read may fetch and parse. */
export const MAX_SHARD_BYTES = 64 * 1024;
/** Hex characters of a shard's content hash (64 bits) in its key and in the shard map. */
export const SHARD_HASH_CHARS = 16;

/** FNV-1a over the UTF-16 code units: cheap, stable, identical in Node and workerd. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `count` is a power of two. */
export function shardOf(titleKey: string, count: number): number {
  return fnv1a(titleKey) & (count - 1);
}

export const shardKey = (contentHash: string): string => `recs:${contentHash}`;

/** The number of shards a shard map describes. */
export const shardCountOf = (map: string): number => map.length / SHARD_HASH_CHARS;

/** The KV key of a title's shard, read straight from the map string (nothing to parse). */
export function shardKeyFor(map: string, titleKey: string): string | null {
  const count = shardCountOf(map);
  if (!Number.isInteger(count) || count < 1) return null;
  const at = shardOf(titleKey, count) * SHARD_HASH_CHARS;
  return shardKey(map.slice(at, at + SHARD_HASH_CHARS));
}

/** Every distinct KV key of a shard map (empty shards share one). */
export function shardKeysOf(map: string): string[] {
  const keys = new Set<string>();
  for (let at = 0; at < map.length; at += SHARD_HASH_CHARS) keys.add(shardKey(map.slice(at, at + SHARD_HASH_CHARS)));
  return [...keys];
}

/**
 * A title's movies are one shard entry unless their JSON exceeds this; then the title is split
 * (SplitTitle in src/shared/types.ts): synthetic catalogues have titles like "The" shared by
 * thousands of movies, which no single shard could hold.
 */
export const SPLIT_TITLE_BYTES = 16 * 1024;
/** Entry keys of a split title's movies (NUL never occurs in a normalised name). */
export const yearEntryKey = (titleKey: string, year: number) => `${titleKey}\u0000${year}`;
export const movieEntryKey = (id: number) => `\u0000${id}`;
