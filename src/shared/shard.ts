// Recommendations live in KV grouped into a fixed number of shard keys (the free plan allows
// 1,000 KV writes a day, so one key per movie cannot be rewritten daily). A title's shard is a
// hash of its normalised form; the D1 table rec_shards names the KV key holding each shard.

export const SHARD_COUNT = 256;

/** FNV-1a over the UTF-16 code units: cheap, stable, identical in Node and workerd. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shardOf(titleKey: string): number {
  return fnv1a(titleKey) % SHARD_COUNT;
}

/** KV keys are content addressed: a shard whose content did not change keeps its key. */
export function shardKey(contentHash: string): string {
  return `recs:${contentHash}`;
}
