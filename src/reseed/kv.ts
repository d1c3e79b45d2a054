// KV side of a reseed. Shard keys are content addressed (src/shared/shard.ts): a new version
// needs only the keys it does not share with the live one, written before the D1 switch makes
// readers look for them; keys no version uses any more are deleted later, never the live ones.
import type { BundleManifest } from "../shared/bundle.ts";
import { shardKey } from "../shared/shard.ts";
import type { Budget } from "./limits.ts";
import { readKvPart } from "./source.ts";

/** The KV parts holding keys the live version lacks (all fetched and verified before any write). */
export function missingKeys(next: BundleManifest, liveKeys: Set<string>) {
  return next.kv.parts
    .map((p) => ({ sha256: p.sha256, keys: p.keys.filter((k) => !liveKeys.has(k)) }))
    .filter((p) => p.keys.length > 0);
}

/** Ops a write of these parts costs: one R2 read per part, one KV put per key. */
export const writeCost = (parts: ReturnType<typeof missingKeys>) => parts.reduce((n, p) => n + 1 + p.keys.length, 0);

export async function writeMissingShards(
  r2: R2Bucket, kv: KVNamespace, budget: Budget, parts: ReturnType<typeof missingKeys>,
): Promise<number> {
  const values = new Map<string, string>();
  for (const p of parts) {
    const entries = await readKvPart(r2, budget, p.sha256);
    for (const k of p.keys) {
      const v = entries.get(k);
      if (v === undefined) throw new Error(`KV part ${p.sha256.slice(0, 12)} lacks ${k}`);
      values.set(k, v);
    }
  }
  budget.spendOps(values.size, "KV puts");
  const list = [...values];
  // A few at a time: a Worker keeps at most six connections open.
  for (let i = 0; i < list.length; i += 16) await Promise.all(list.slice(i, i + 16).map(([k, v]) => kv.put(k, v)));
  return values.size;
}

/** Every shard key starts like this (shardKey of an empty hash). */
const SHARD_PREFIX = shardKey("");

/** Deletes shard keys outside `keep`, within the ops left; returns how many. */
export async function collectGarbage(kv: KVNamespace, budget: Budget, keep: Set<string>): Promise<number> {
  const doomed: string[] = [];
  let cursor: string | undefined;
  do {
    if (budget.opsLeft < 2) break;
    budget.spendOps(1, "KV list");
    const page: KVNamespaceListResult<unknown, string> = await kv.list({ prefix: SHARD_PREFIX, cursor });
    for (const k of page.keys) if (!keep.has(k.name)) doomed.push(k.name);
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  const now = doomed.slice(0, Math.max(0, budget.opsLeft));
  budget.spendOps(now.length, "KV deletes");
  for (let i = 0; i < now.length; i += 16) await Promise.all(now.slice(i, i + 16).map((k) => kv.delete(k)));
  return now.length;
}
