// KV side of a reseed. Shard keys are content addressed (src/shared/shard.ts): a version needs
// only the keys the live one lacks, written before the switch makes readers look for them, and
// the switch waits until they have had time to reach every location. Keys only replaced versions
// used are deleted later, a few per run, never one the live shard map names.
import type { KvPartRef } from "../shared/bundle.ts";
import { shardKeysOf } from "../shared/shard.ts";
import type { Budget, DailyQuota } from "./limits.ts";
import { kvValues, type PartList, readPart } from "./source.ts";
import type { Job } from "./state.ts";

/** A Worker keeps at most six connections open. */
const CONCURRENCY = 6;

async function inGroups<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
}

/**
 * Writes the job's KV keys from where it stopped, within the run's subrequests and bytes and the
 * day's KV writes. Moves the job's KV cursor; returns the number of keys written.
 */
export async function writeKeys(
  r2: R2Bucket,
  kv: KVNamespace,
  budget: Budget,
  quota: DailyQuota,
  job: Job,
  parts: PartList<KvPartRef>,
  now: () => number,
): Promise<number> {
  let written = 0;
  while (job.kvPart < parts.length) {
    // A part whose ref is in a list not at hand: that list's read first, then as below.
    if (!parts.has(job.kvPart) && (budget.left < 4 || quota.kvLeft < 1)) break;
    const part = await parts.at(job.kvPart);
    const pending = part.keys.slice(job.kvInPart);
    // The part's read, at least one put, and one subrequest for whatever follows (the switch).
    const can = Math.min(pending.length, budget.left - 2, quota.kvLeft);
    if (pending.length && (can < 1 || (part.bytes > budget.bytesLeft && budget.partsRead > 0))) break;
    if (pending.length) {
      const values = kvValues(await readPart(r2, budget, part.sha256), part.sha256);
      const batch = pending.slice(0, can).map((k) => {
        const value = values.get(k);
        if (value === undefined) throw new Error(`KV part ${part.sha256.slice(0, 12)} lacks ${k}`);
        return [k, value] as const;
      });
      budget.spend(batch.length, "KV puts");
      await inGroups(batch, ([k, v]) => kv.put(k, v));
      budget.kvWrites += batch.length;
      quota.kvWrites += batch.length;
      written += batch.length;
      job.kvInPart += batch.length;
      job.kvDone += batch.length;
      job.kvWrittenAt = now();
      if (job.kvInPart < part.keys.length) break;
    }
    job.kvPart++;
    job.kvInPart = 0;
  }
  return written;
}

/** Deletes retired keys the live map does not use, within the run's budget; returns those left. */
export async function collectGarbage(
  kv: KVNamespace,
  budget: Budget,
  quota: DailyQuota,
  retired: string[],
  liveMap: string,
): Promise<{ deleted: number; left: string[] }> {
  const live = new Set(shardKeysOf(liveMap));
  const doomed = retired.filter((k) => !live.has(k));
  const now = doomed.slice(0, Math.max(0, Math.min(budget.left, quota.kvLeft)));
  budget.spend(now.length, "KV deletes");
  await inGroups(now, (k) => kv.delete(k));
  budget.kvWrites += now.length;
  quota.kvWrites += now.length;
  return { deleted: now.length, left: doomed.slice(now.length) };
}
