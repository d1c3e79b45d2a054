import { createRoute, z } from "@hono/zod-openapi";
import { ErrorSchema, RETRY_AFTER_UNAVAILABLE_S } from "../../lib/errors.ts";
import { ANY_ROUTE, errorAnswer, jsonContent, sharedResponses } from "../../lib/openapi.ts";
import { VersionResponse } from "./version.schemas.ts";

export const version = createRoute({
  method: "get",
  path: "/version",
  operationId: "version",
  tags: ["Servicio"],
  summary: "The dataset version being served, its row counts, and the state of scheduled reseeding",
  description:
    "What is live (version, build and apply times, row counts), the last reseed attempt, a first load or delta spanning several cron runs and how far it is, and today's write quotas. Never cached.",
  responses: {
    200: jsonContent(VersionResponse, "A dataset is live", { headers: ["Cache-Control"] }),
    503: jsonContent(
      z.union([VersionResponse, ErrorSchema]),
      "No dataset is loaded yet (the body is the same `Version` object, showing the first load's progress), or D1 is not answering (the error envelope, with `Retry-After`)",
      {
        headers: ["Cache-Control"],
        examples: [
          {
            summary: "A first load in progress",
            description: "Before the first dataset load has finished: the cron has loaded 12 of 40 table parts.",
            value: {
              version: null,
              built_at: null,
              applied_at: null,
              applied_by: null,
              counts: {},
              reseed: {
                last_attempt: null,
                in_progress: {
                  job: "first_load",
                  version: "f7e0cae9fd0d6d54",
                  started_at: "2026-11-27T03:00:00.000Z",
                  runs: 3,
                  parts: { done: 12, total: 40 },
                  kv: { done: 0, total: 128 },
                  waiting: null,
                },
                quota: { day: "2026-11-27", d1_rows_written: { done: 61250, total: 100000 }, kv_writes: { done: 0, total: 1000 } },
              },
            },
          },
          errorAnswer(
            "Database not answering",
            "GET /version",
            "unavailable",
            "The database is not answering right now; try again shortly.",
            { retry_after: RETRY_AFTER_UNAVAILABLE_S },
            "while D1 is failing",
          ),
        ],
      },
    ),
    ...sharedResponses(...ANY_ROUTE),
  },
});
