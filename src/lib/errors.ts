// The one error envelope of the API: {"error": {"code", "message", ...}}. Handlers throw
// ApiError; create-app turns it (and anything unexpected) into this shape. Messages are
// sentences for people; machine-readable detail goes in the extra fields (`issues`,
// `sugerencias`, `anios_disponibles`, `retry_after`, `allow`).
import { z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_CODES = [
  "invalid_request",
  "not_found",
  "method_not_allowed",
  "rate_limited",
  "internal",
  // D1 or KV not answering (an error, a spent daily quota, a timeout), or no dataset loaded yet.
  "unavailable",
  // POST /admin/reseed (src/routes/admin): bad or missing token, a reseed already running, a
  // bundle that failed its checks, a reseed that failed otherwise.
  "unauthorized",
  "conflict",
  "bundle_rejected",
  "reseed_failed",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function envelope(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...extra } };
}

/** Seconds a client should wait after a 503: a D1 hiccup passes in seconds, KV settles within a minute. */
export const RETRY_AFTER_UNAVAILABLE_S = 30;

/** 503: the data behind the answer cannot be read right now (the answer is not cached). */
export function unavailable(message: string) {
  return new ApiError(503, "unavailable", message, { retry_after: RETRY_AFTER_UNAVAILABLE_S });
}

/** 404 for a name that does not exist, with close names that do. */
export function notFound(what: string, input: string, sugerencias: string[], extra: Record<string, unknown> = {}) {
  return new ApiError(404, "not_found", `No ${what} matches "${input}".`, { sugerencias, ...extra });
}

/** One problem with one parameter: `path` is the parameter's name, `message` says what is wrong. */
export interface Issue {
  path: string;
  message: string;
}
export type IssueLocation = "path" | "query";

/** `Query parameter "anio" must be a whole year.` — one sentence per issue. */
export function describeIssues(issues: Issue[], where: IssueLocation): string {
  const label = where === "path" ? "Path parameter" : "Query parameter";
  return issues.map((i) => `${label} "${i.path}" ${i.message}.`).join(" ");
}

/** 400 for invalid parameters: the sentence(s) for people, the issues for programs. */
export function invalidRequest(issues: Issue[], where: IssueLocation) {
  return envelope("invalid_request", describeIssues(issues, where), { issues });
}

export const IssueSchema = z
  .object({
    path: z.string().openapi({ description: "The parameter", example: "anio" }),
    message: z.string().openapi({ description: "What is wrong with it", example: "must be a year such as 1995" }),
  })
  .openapi("Issue");

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ description: "Stable, for programs", example: "not_found" }),
      message: z.string().openapi({ description: "A sentence for people", example: 'No movie matches "toy stroy".' }),
      sugerencias: z
        .array(z.string())
        .optional()
        .openapi({
          description: "404 of a named route: close names that do exist (may be empty)",
          example: ["Toy Story", "Toy Story 2"],
        }),
      anios_disponibles: z
        .array(z.number().int())
        .optional()
        .openapi({
          description: "404 of a title route with `?anio=`: the years in which movies with this title were released",
          example: [1954, 1995],
        }),
      parametro: z.string().optional().openapi({ description: "404 of /descubrir: the filter whose name matches nothing", example: "genero" }),
      valor: z.string().optional().openapi({ description: "404 of /descubrir: the value given for it", example: "animacion" }),
      issues: z.array(IssueSchema).optional().openapi({ description: "400 for invalid parameters: one entry per problem" }),
      retry_after: z.number().int().optional().openapi({ description: "429 and 503: seconds to wait (also in `Retry-After`)", example: 30 }),
      allow: z
        .array(z.string())
        .optional()
        .openapi({ description: "405: the methods the path accepts (also in `Allow`)", example: ["GET", "HEAD"] }),
    }),
  })
  .openapi("Error");
