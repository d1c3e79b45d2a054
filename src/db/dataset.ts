// The dataset being served: its version and its recommendation shard map (where each shard
// lives in KV). Read from D1 in one statement over the few dataset_meta rows, at most once a
// minute per isolate, so a recommendation hit normally costs one KV read and no D1 query; a
// reseed switches both in one D1 transaction.
//
// Stale-if-error: when a refresh fails (D1 down, daily quota spent, timeout), the isolate keeps
// serving the last version it knew — cached answers are keyed by it — and retries a little
// later instead of on every request.
import { META, shardMapFrom } from "../shared/dataset-meta.ts";

export interface ActiveDataset {
  version: string;
  builtAt: string;
  movies: number;
  shardMap: string;
  /** First and last release year of the catalogue (null for a seed written before they were recorded). */
  years: { first: number; last: number } | null;
}

const TTL_MS = 60_000;
/** After a failed refresh, the last known version is served this long before D1 is asked again. */
const RETRY_AFTER_ERROR_MS = 10_000;

let known: { at: number; value: ActiveDataset | null } | undefined;

async function load(db: D1Database): Promise<ActiveDataset | null> {
  const { results } = await db.prepare("SELECT key, value FROM dataset_meta").all<{ key: string; value: string }>();
  const m = Object.fromEntries(results.map((r) => [r.key, r.value]));
  const version = m[META.version];
  if (!version) return null;
  const [first, last] = (m[META.years] ?? "").split("-").map(Number);
  const years = Number.isInteger(first) && Number.isInteger(last) ? { first: first!, last: last! } : null;
  return { version, builtAt: m[META.builtAt] ?? "", movies: Number(m[META.movies] ?? 0), shardMap: shardMapFrom(m), years };
}

/**
 * The live dataset (null: none loaded yet). Throws only when D1 fails and this isolate never
 * knew a version. Requests do not share an in-flight refresh: a Worker must not await I/O
 * started by another request.
 */
export async function activeDataset(db: D1Database): Promise<ActiveDataset | null> {
  const now = Date.now();
  if (known && now - known.at < TTL_MS) return known.value;
  try {
    const value = await load(db);
    known = { at: Date.now(), value };
    return value;
  } catch (err) {
    if (!known?.value) throw err;
    known = { at: now - TTL_MS + RETRY_AFTER_ERROR_MS, value: known.value };
    return known.value;
  }
}

/** Forget the cached dataset (after a reseed in this isolate, and in tests). */
export function forgetActiveDataset() {
  known = undefined;
}
