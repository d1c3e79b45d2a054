import { createRoute, z } from "@hono/zod-openapi";
import { ErrorSchema, RETRY_AFTER_UNAVAILABLE_S } from "../../lib/errors.ts";
import { ANY_ROUTE, errorAnswer, jsonContent, sharedResponses } from "../../lib/openapi.ts";
import { ReseedReportSchema } from "../../reseed/report.ts";

const Progress = z.object({ done: z.number().int(), total: z.number().int() });

export const VersionResponse = z
  .object({
    version: z.string().nullable().openapi({ example: "3f1c0a9e5b7d2c41" }),
    built_at: z.string().nullable().openapi({ example: "2026-11-27T02:30:00.000Z" }),
    applied_at: z.string().nullable().openapi({ description: "When this version went live (null if it was loaded without the reseed state)" }),
    applied_by: z.enum(["reseed", "full-load"]).nullable(),
    counts: z.record(z.string(), z.number()).openapi({ example: { movies: 4995, directors: 2535, kv_shards: 512 } }),
    reseed: z.object({
      last_attempt: ReseedReportSchema.nullable(),
      in_progress: z
        .object({
          job: z.enum(["first_load", "delta"]),
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

export const version = createRoute({
  method: "get",
  path: "/version",
  operationId: "version",
  tags: ["Servicio"],
  summary: "The dataset version being served, its row counts, and the state of scheduled reseeding",
  description: "What is live (version, build and apply times, row counts), the last reseed attempt, a first load or delta spanning several cron runs and how far it is, and today's write quotas. Never cached.",
  responses: {
    200: jsonContent(VersionResponse, "A dataset is live", { headers: ["Cache-Control"] }),
    503: jsonContent(z.union([VersionResponse, ErrorSchema]), "No dataset is loaded yet (the body is the same `Version` object, showing the first load's progress), or D1 is not answering (the error envelope, with `Retry-After`)", {
      headers: ["Cache-Control"],
      examples: [
        {
          summary: "A first load in progress",
          description: "Before the first dataset load has finished: the cron has loaded 12 of 40 table parts.",
          value: {
            version: null, built_at: null, applied_at: null, applied_by: null, counts: {},
            reseed: {
              last_attempt: null,
              in_progress: {
                job: "first_load", version: "f7e0cae9fd0d6d54", started_at: "2026-11-27T03:00:00.000Z", runs: 3,
                parts: { done: 12, total: 40 }, kv: { done: 0, total: 128 }, waiting: null,
              },
              quota: { day: "2026-11-27", d1_rows_written: { done: 61250, total: 100000 }, kv_writes: { done: 0, total: 1000 } },
            },
          },
        },
        errorAnswer("Database not answering", "GET /version", "unavailable", "The database is not answering right now; try again shortly.",
          { retry_after: RETRY_AFTER_UNAVAILABLE_S }, "while D1 is failing"),
      ],
    }),
    ...sharedResponses(...ANY_ROUTE),
  },
});
