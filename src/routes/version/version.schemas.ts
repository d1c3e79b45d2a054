// The answer of `GET /version`: the zod schema the OpenAPI document is generated from, and the type
// the handler derives from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";
import { APPLIED_BY, JOB_KINDS, Progress, ReseedReportSchema } from "../../reseed/report.ts";

export const VersionResponse = z
  .object({
    version: z.string().nullable().openapi({ example: "3f1c0a9e5b7d2c41" }),
    built_at: z.string().nullable().openapi({ example: "2026-11-27T02:30:00.000Z" }),
    applied_at: z.string().nullable().openapi({ description: "When this version went live (null if it was loaded without the reseed state)" }),
    applied_by: z.enum(APPLIED_BY).nullable(),
    counts: z.record(z.string(), z.number()).openapi({ example: { movies: 4995, directors: 2535, kv_shards: 512 } }),
    reseed: z.object({
      last_attempt: ReseedReportSchema.nullable(),
      in_progress: z
        .object({
          job: z.enum(JOB_KINDS),
          version: z.string(),
          started_at: z.string(),
          runs: z.number().int(),
          parts: Progress.openapi({ description: "Table parts loaded (first load) or delta parts staged" }),
          kv: Progress.openapi({ description: "KV shard keys written" }),
          waiting: z.string().nullable().openapi({ description: "Why nothing can happen right now, and until when" }),
        })
        .nullable()
        .openapi({ description: "A first load or a delta spanning several cron runs, and how far it is" }),
      quota: z.object({
        day: z.string().nullable().openapi({ description: "UTC day of the counters" }),
        d1_rows_written: Progress.openapi({ description: "D1 rows the reseed wrote that day, of the daily limit (RESEED_D1_ROWS_PER_DAY)" }),
        kv_writes: Progress.openapi({ description: "KV puts and deletes that day, of the daily limit (RESEED_KV_WRITES_PER_DAY)" }),
      }),
    }),
  })
  .openapi("Version");

export type Version = z.infer<typeof VersionResponse>;
