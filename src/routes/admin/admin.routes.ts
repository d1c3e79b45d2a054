import { createRoute, z } from "@hono/zod-openapi";
import { ErrorSchema } from "../../lib/errors.ts";
import { ANY_ROUTE, type Example, errorAnswer, jsonContent, sharedResponses } from "../../lib/openapi.ts";
import { emptyReport, type ReseedReport, ReseedReportSchema } from "../../reseed/report.ts";

/** The error envelope with the run's report (a schema of its own, not an allOf of Error: the envelope is closed). */
const ReseedErrorSchema = z
  .object({
    error: ErrorSchema.shape.error.extend({ reseed: ReseedReportSchema.optional().openapi({ description: "The run's report (409, 422 and 500)" }) }),
  })
  .openapi("ReseedError");

/** A run's report as the route answers it (the log line's `event` tag left out). */
const report = (fields: Partial<Omit<ReseedReport, "event">>): Omit<ReseedReport, "event"> => {
  const { event: _, ...base } = emptyReport("admin", "2026-11-27T03:00:00.000Z");
  return { ...base, outcome: "applied", job: "delta", version: "9c41d07be2a85f13", from: "f7e0cae9fd0d6d54", runs: 1, ...fields };
};

const BAD_DELTA = "deltas/f7e0cae9fd0d6d54-9c41d07be2a85f13.json";

const failed = (
  summary: string,
  description: string,
  code: "conflict" | "bundle_rejected" | "reseed_failed",
  message: string,
  r: ReturnType<typeof report>,
): Example => ({
  summary,
  description,
  value: { error: { code, message, reseed: r } },
});

export const reseed = createRoute({
  method: "post",
  path: "/admin/reseed",
  operationId: "adminReseed",
  tags: ["Admin"],
  summary: "Apply the latest published seed bundle now (what the cron does)",
  description:
    "Runs one reseed: if the bundle `latest` points at in R2 is not the live version, diffs it against the live data and " +
    "applies it atomically. A change too large for one run stages part of it and answers `in_progress`; call again to continue. " +
    "Needs `Authorization: Bearer <ADMIN_TOKEN>`; without that secret configured the route does not exist (404).",
  security: [{ adminToken: [] }],
  responses: {
    200: jsonContent(z.object({ reseed: ReseedReportSchema }), "Applied, already up to date, or in progress", {
      examples: [
        {
          summary: "Applied",
          description: "A small delta, applied in one run.",
          value: {
            reseed: report({
              rows_written: 412,
              d1_rows_written: 2960,
              d1_queries: 9,
              subrequests: 14,
              r2_reads: 3,
              bytes_read: 48210,
              keys_written: 3,
              keys_deleted: 3,
              parts: { done: 1, total: 1 },
              kv: { done: 3, total: 3 },
              duration_ms: 1840,
            }),
          },
        },
        {
          summary: "In progress",
          description: "A first load larger than one run: 4 of 40 parts loaded; call again (or let the cron) to continue.",
          value: {
            reseed: report({
              outcome: "in_progress",
              job: "first_load",
              from: null,
              rows_written: 20000,
              d1_rows_written: 81000,
              d1_queries: 6,
              subrequests: 10,
              r2_reads: 4,
              bytes_read: 2310000,
              parts: { done: 4, total: 40 },
              kv: { done: 0, total: 128 },
              duration_ms: 8650,
              message: "4 of 40 parts loaded",
            }),
          },
        },
      ],
    }),
    401: jsonContent(ErrorSchema, "Missing or wrong bearer token", {
      headers: ["WWW-Authenticate"],
      examples: [errorAnswer("No token", "POST /admin/reseed", "unauthorized", "A valid bearer token is required.", {}, "without a token")],
    }),
    404: jsonContent(ErrorSchema, "Admin routes are disabled (no ADMIN_TOKEN secret)", {
      examples: [errorAnswer("Disabled", "POST /admin/reseed", "not_found", "No route for POST /admin/reseed.", {}, "when no ADMIN_TOKEN is configured")],
    }),
    409: jsonContent(ReseedErrorSchema, "Another reseed (the cron's, or another call) is running", {
      examples: [
        failed(
          "Busy",
          "While the cron's run holds the lease.",
          "conflict",
          "Another reseed is running; try again when it is done.",
          report({ outcome: "busy", job: null, version: null, d1_queries: 1, subrequests: 1, message: "another reseed holds the lease" }),
        ),
      ],
    }),
    422: jsonContent(ReseedErrorSchema, "The bundle failed its checks (a part's hash, its shape); nothing was changed", {
      examples: [
        failed(
          "Bad hash",
          "A delta whose bytes do not match the hash that `latest` gives for it.",
          "bundle_rejected",
          `The bundle was rejected: ${BAD_DELTA} fails its hash (sha256 44136fa355b3…, expected 0f3a9c2b7e1d…)`,
          report({
            outcome: "rejected",
            job: null,
            d1_queries: 2,
            subrequests: 4,
            r2_reads: 2,
            bytes_read: 2,
            message: `${BAD_DELTA} fails its hash (sha256 44136fa355b3…, expected 0f3a9c2b7e1d…)`,
          }),
        ),
      ],
    }),
    500: jsonContent(
      ReseedErrorSchema,
      "The reseed failed (an error of D1, KV or R2), or an unexpected error; the live version is untouched and the next run continues",
      {
        examples: [
          failed(
            "D1 failing",
            "D1 rejected the run's first query.",
            "reseed_failed",
            "The reseed failed: D1_ERROR: Network connection lost.",
            report({ outcome: "failed", job: null, version: null, from: null, message: "D1_ERROR: Network connection lost." }),
          ),
        ],
      },
    ),
    ...sharedResponses(...ANY_ROUTE.filter((n) => n !== "InternalError")),
  },
});
