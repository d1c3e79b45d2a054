// The dataset_meta table: what identifies the dataset being served, written by the ETL as
// key/value rows and read by every Worker isolate (src/db/dataset.ts) in one statement. The
// recommendation shard map (src/shared/shard.ts) is split over a few rows so no row exceeds a
// D1 statement (100 KB) when the seed is loaded as SQL; readers concatenate them in order.

// years: "<first>-<last>" release year of the catalogue (/descubrir bounds an open year range by it).
export const META = { version: "version", builtAt: "built_at", movies: "movies", years: "years", shardMap: "rec_shards" } as const;
const MAP_CHUNK_CHARS = 90_000;

/** The shard map as dataset_meta rows: rec_shards, rec_shards.1, rec_shards.2, ... */
export function shardMapRows(map: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (let i = 0, at = 0; at < map.length || i === 0; i++, at += MAP_CHUNK_CHARS) {
    rows[i === 0 ? META.shardMap : `${META.shardMap}.${i}`] = map.slice(at, at + MAP_CHUNK_CHARS);
  }
  return rows;
}

/** The shard map back from dataset_meta's key/value pairs. */
export function shardMapFrom(meta: Record<string, string>): string {
  let map = meta[META.shardMap] ?? "";
  for (let i = 1; meta[`${META.shardMap}.${i}`] !== undefined; i++) map += meta[`${META.shardMap}.${i}`];
  return map;
}
