// Answers kept in isolate memory, in front of the Workers Cache API: a repeated request is
// answered without any I/O at all (the Cache API is a lookup outside the isolate). Bounded by
// entries and bytes, least recently used out first, and fresh for FRESH_MS. Entries are keyed
// by dataset version + URL, like the Cache API, so an older entry is still the right answer for
// its version: when D1 fails, edge-cache serves it anyway (stale-if-error) for up to STALE_MS.

export interface StoredAnswer {
  at: number;
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

const MAX_ENTRIES = 1_000;
const MAX_BYTES = 8 * 2 ** 20; // of the isolate's 128 MB
const MAX_BODY = 256 * 2 ** 10;
export const FRESH_MS = 5 * 60_000;
export const STALE_MS = 24 * 3_600_000;

const entries = new Map<string, StoredAnswer>();
let bytes = 0;

/** The stored answer if fresh (or, with `stale`, if not older than STALE_MS). */
export function recall(key: string, opts: { stale?: boolean } = {}): Response | undefined {
  const hit = entries.get(key);
  if (!hit) return undefined;
  const age = Date.now() - hit.at;
  if (age > (opts.stale ? STALE_MS : FRESH_MS)) return undefined;
  entries.delete(key); // re-insert: Map order is recency order
  entries.set(key, hit);
  return new Response(hit.body, { status: hit.status, headers: hit.headers });
}

export async function remember(key: string, res: Response): Promise<void> {
  const body = await res.arrayBuffer();
  if (body.byteLength > MAX_BODY) return;
  const old = entries.get(key);
  if (old) {
    entries.delete(key);
    bytes -= old.body.byteLength;
  }
  entries.set(key, { at: Date.now(), status: res.status, headers: [...res.headers], body });
  bytes += body.byteLength;
  for (const [k, v] of entries) {
    if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
    entries.delete(k);
    bytes -= v.body.byteLength;
  }
}

/** Entries and bytes held (tests check the bounds). */
export const isolateCacheSize = () => ({ entries: entries.size, bytes });

/** Empties the isolate cache (tests). */
export function forgetIsolateCache() {
  entries.clear();
  bytes = 0;
}
