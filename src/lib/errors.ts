// The one error envelope of the API: {"error": {"code", "message", ...}}. Handlers throw
// ApiError; create-app turns it (and anything unexpected) into this shape.
import { z } from "@hono/zod-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export type ErrorCode =
  | "invalid_request" | "not_found" | "method_not_allowed" | "rate_limited" | "internal"
  // D1 or KV not answering (an error, a spent daily quota, a timeout), or no dataset loaded yet.
  | "unavailable"
  // POST /admin/reseed (src/routes/admin): bad or missing token, a reseed already running, a
  // bundle that failed its checks, a reseed that failed otherwise.
  | "unauthorized" | "conflict" | "bundle_rejected" | "reseed_failed";

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

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "not_found" }),
      message: z.string().openapi({ example: 'No movie matches "toy stroy".' }),
      sugerencias: z.array(z.string()).optional().openapi({ example: ["Toy Story", "Toy Story 2"] }),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi("Error");

const errorContent = (description: string) => ({ content: { "application/json": { schema: ErrorSchema } }, description });

/** The error responses every named route can give, for its OpenAPI description. */
export const errorResponses = {
  400: errorContent("Invalid input: empty, longer than 200 characters, control characters, or a bad query parameter."),
  404: errorContent("Nothing matches the name; `sugerencias` lists close names that exist."),
  500: errorContent("Unexpected server error (no details are exposed)."),
} as const;
