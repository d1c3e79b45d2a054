import { createRoute, z } from "@hono/zod-openapi";

/** One reseed run's figures (src/reseed/state.ts ReseedReport), as logged and stored. */
export const ReseedReportSchema = z
  .object({
    trigger: z.string(),
    outcome: z.enum(["applied", "up_to_date", "in_progress", "rejected", "failed", "busy", "no_bundle"]),
    version: z.string().nullable(),
    from: z.string().nullable(),
    rows_written: z.number().int(),
    d1_rows_written: z.number().int(),
    d1_queries: z.number().int(),
    r2_reads: z.number().int(),
    keys_written: z.number().int(),
    keys_deleted: z.number().int(),
    runs: z.number().int(),
    staged: z.object({ done: z.number().int(), total: z.number().int() }),
    duration_ms: z.number(),
    at: z.string(),
    message: z.string().optional(),
  })
  .openapi("ReseedReport");

export const VersionResponse = z
  .object({
    version: z.string().nullable().openapi({ example: "3f1c0a9e5b7d2c41" }),
    built_at: z.string().nullable().openapi({ example: "2026-11-27T02:30:00.000Z" }),
    applied_at: z.string().nullable().openapi({ description: "When this version went live (null if it was loaded without the reseed state)" }),
    applied_by: z.enum(["reseed", "full-load"]).nullable(),
    counts: z.record(z.string(), z.number()).openapi({ example: { movies: 4995, directors: 2535, kv_shards: 256 } }),
    reseed: z.object({
      last_attempt: ReseedReportSchema.nullable(),
      in_progress: z
        .object({ version: z.string(), started_at: z.string(), runs: z.number().int(), staged: z.number().int() })
        .nullable()
        .openapi({ description: "A reseed spanning several runs, and how many bucket diffs it has staged" }),
    }),
  })
  .openapi("Version");

export const version = createRoute({
  method: "get",
  path: "/version",
  tags: ["Servicio"],
  summary: "The dataset version being served, its row counts, and the state of scheduled reseeding",
  responses: {
    200: { content: { "application/json": { schema: VersionResponse } }, description: "A dataset is live" },
    503: { content: { "application/json": { schema: VersionResponse } }, description: "No dataset is loaded yet" },
  },
});
