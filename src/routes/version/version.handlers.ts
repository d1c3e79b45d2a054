import type { AppRouteHandler } from "../../lib/types.ts";
import { limitsFrom } from "../../reseed/limits.ts";
import type { ReseedReport } from "../../reseed/report.ts";
import { type Job, readVersionInfo } from "../../reseed/state.ts";
import type { version } from "./version.routes.ts";
import type { Version } from "./version.schemas.ts";

const parse = <T>(json: string | null | undefined): T | null => (json ? (JSON.parse(json) as T) : null);
/** The log line's `event` tag means nothing here. */
const withoutEvent = ({ event: _event, ...rest }: ReseedReport) => rest;

/** Why a job cannot move right now, if it cannot. */
function waiting(job: Job, today: string, settleMs: number, now: number): string | null {
  if (job.blockedDay === today) return "today's write quota is spent; the job continues after 00:00 UTC";
  if (job.kvDone === job.kvTotal && job.kvWrittenAt !== null && now - job.kvWrittenAt < settleMs) {
    return `KV keys are settling until ${new Date(job.kvWrittenAt + settleMs).toISOString()}; the switch follows`;
  }
  return null;
}

export const versionHandler: AppRouteHandler<typeof version> = async (c) => {
  const info = await readVersionInfo(c.env.DB);
  const job = parse<Job>(info?.job);
  const last = parse<ReseedReport>(info?.last_attempt);
  const limits = limitsFrom(c.env);
  const today = new Date().toISOString().slice(0, 10);
  const d1Rows = info?.quota_day === today ? info.d1_rows_written : 0;
  const kvWrites = info?.quota_day === today ? info.kv_writes : 0;
  const body: Version = {
    version: info?.live_version ?? null,
    built_at: info?.built_at ?? null,
    applied_at: info?.applied_at ?? null,
    applied_by: info?.applied_by ?? null,
    // Loaded without the reseed state (e.g. `wrangler d1 execute`): dataset_meta still knows the movies.
    counts: parse<Record<string, number>>(info?.counts) ?? (info?.movies ? { movies: Number(info.movies) } : {}),
    reseed: {
      last_attempt: last && withoutEvent(last),
      in_progress: job && {
        job: job.kind,
        version: job.version,
        started_at: job.startedAt,
        runs: job.runs,
        parts: { done: job.parts, total: job.partsTotal },
        kv: { done: job.kvDone, total: job.kvTotal },
        waiting: waiting(job, today, limits.kvSettleMs, Date.now()),
      },
      quota: {
        day: today,
        d1_rows_written: { done: d1Rows, total: limits.d1RowsPerDay },
        kv_writes: { done: kvWrites, total: limits.kvWritesPerDay },
      },
    },
  };
  return body.version ? c.json(body, 200) : c.json(body, 503);
};
