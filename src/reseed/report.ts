// One reseed run's figures: the structured log line, POST /admin/reseed's answer and GET
// /version's last_attempt. Defined once, as the zod schema the API documents; the type follows.
import { z } from "@hono/zod-openapi";

export const RESEED_OUTCOMES = [
  "applied", // the new version is live
  "in_progress", // work done, more to do (next run continues)
  "waiting", // nothing could be done now: KV settling, or today's write quota spent
  "up_to_date", // the latest bundle is live
  "no_bundle", // nothing published yet
  "no_delta", // a version is live, but no delta from it to the latest was published
  "rejected", // an object failed its hash or shape: nothing changed
  "failed", // an error: nothing readers see changed, the next run retries
  "busy", // another run holds the lease
] as const;
export type ReseedOutcome = (typeof RESEED_OUTCOMES)[number];

/** What a job does: load an empty database from a whole bundle, or apply the delta from the live version. */
export const JOB_KINDS = ["first_load", "delta"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** What made the live version live: a reseed run, or `npm run load` (scripts/full-load-state.ts). */
export const APPLIED_BY = ["reseed", "full-load"] as const;
export type AppliedBy = (typeof APPLIED_BY)[number];

/** `done` of `total`. */
export const Progress = z.object({ done: z.number().int(), total: z.number().int() });

export const ReseedReportSchema = z
  .object({
    trigger: z.string().openapi({ example: "cron" }),
    outcome: z.enum(RESEED_OUTCOMES),
    job: z.enum(JOB_KINDS).nullable().openapi({ description: "What the run worked on" }),
    version: z.string().nullable().openapi({ description: "Version being applied (the latest published)" }),
    from: z.string().nullable().openapi({ description: "Version live when the run started" }),
    rows_written: z.number().int().openapi({ description: "Data rows this run wrote to the live tables" }),
    d1_rows_written: z.number().int().openapi({ description: "D1's own count of rows written (indexes, FTS, staging, state)" }),
    d1_queries: z.number().int(),
    subrequests: z.number().int().openapi({ description: "D1 calls + KV + R2 operations (Free plan: 50 per invocation)" }),
    r2_reads: z.number().int(),
    bytes_read: z.number().int(),
    keys_written: z.number().int(),
    keys_deleted: z.number().int(),
    runs: z.number().int().openapi({ description: "Which run of its job this was" }),
    parts: Progress.openapi({ description: "Table or delta parts applied so far, of the job's total" }),
    kv: Progress.openapi({ description: "KV shard keys written so far, of the job's total" }),
    duration_ms: z.number(),
    at: z.string(),
    message: z.string().optional(),
  })
  .openapi("ReseedReport");

/** The log line adds an event tag to the report. */
export type ReseedReport = z.infer<typeof ReseedReportSchema> & { event: "reseed" };

/** A report before a run has done anything: zero counts, outcome `failed` until the run says otherwise. */
export const emptyReport = (trigger: string, at: string): ReseedReport => ({
  event: "reseed",
  trigger,
  outcome: "failed",
  job: null,
  version: null,
  from: null,
  rows_written: 0,
  d1_rows_written: 0,
  d1_queries: 0,
  subrequests: 0,
  r2_reads: 0,
  bytes_read: 0,
  keys_written: 0,
  keys_deleted: 0,
  runs: 0,
  parts: { done: 0, total: 0 },
  kv: { done: 0, total: 0 },
  duration_ms: 0,
  at,
});
