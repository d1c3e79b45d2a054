// The parts of the OpenAPI document that many operations share, defined once: the response
// headers, the error responses every route can give (as `components` that operations point to
// with $ref), and helpers for the per-route ones. The example answers are real ones: an example
// whose description reads "Answer to `METHOD /path` <condition>." is replayed against the Worker
// by test/worker/openapi-coverage.test.ts and must equal what it serves.
import type { OpenAPIHono, z } from "@hono/zod-openapi";
import { CACHE_NOT_FOUND, CACHE_OK, NO_STORE } from "../middleware/edge-cache.ts";
import { RATE_LIMIT_PERIOD_S } from "../middleware/rate-limit.ts";
import { MAX_PATH_CHARS, MAX_QUERY_CHARS } from "../middleware/request-guard.ts";
import { type ErrorCode, ErrorSchema, envelope, RETRY_AFTER_UNAVAILABLE_S } from "./errors.ts";
import type { AppBindings } from "./types.ts";

type Ref = { $ref: string };
const ref = (kind: "headers" | "responses" | "schemas", name: string): Ref => ({ $ref: `#/components/${kind}/${name}` });

/** Conditions an example's description may name after its request (the test provokes each one). */
export const EXAMPLE_CONDITIONS = {
  "while D1 is failing": "d1_down",
  "before the first dataset load": "no_dataset",
  "when the client is over the rate limit": "rate_limited",
  "when the rate limiter itself fails": "rate_limiter_down",
  "when no ADMIN_TOKEN is configured": "admin_disabled",
  "without a token": "no_token",
} as const;
export type ExampleCondition = keyof typeof EXAMPLE_CONDITIONS;

export interface Example {
  summary: string;
  description: string;
  value: unknown;
}

/** An example of a real answer: `request` is "METHOD /path", `condition` what makes it happen. */
export function answer(summary: string, request: string, value: unknown, condition?: ExampleCondition): Example {
  return { summary, description: `Answer to \`${request}\`${condition ? ` ${condition}` : ""}.`, value };
}

/** An error example: the envelope of `code` with `message` and the extra fields. */
export function errorAnswer(
  summary: string,
  request: string,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  condition?: ExampleCondition,
) {
  return answer(summary, request, envelope(code, message, extra), condition);
}

const examplesOf = (list: Example[]) => Object.fromEntries(list.map((e, i) => [exampleKey(e.summary, i), e]));
const exampleKey = (summary: string, i: number) =>
  summary
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "") || `example_${i}`;

// ---- headers ------------------------------------------------------------------------------

export const HEADERS = {
  ETag: {
    description: "Identifies this answer for this dataset version; send it back in `If-None-Match` to get a 304 instead of the body.",
    schema: { type: "string", example: '"f7e0cae9fd0d6d54.5b1e2a9c0d3f"' },
  },
  "Cache-Control": {
    description: `\`${CACHE_OK}\` on 200s of the data routes, \`${CACHE_NOT_FOUND}\` on their 404s, \`${NO_STORE}\` on everything else.`,
    schema: { type: "string", example: CACHE_OK },
  },
  "Retry-After": {
    description: "Seconds to wait before trying again (the same figure as `error.retry_after`).",
    schema: { type: "integer", minimum: 1, example: RETRY_AFTER_UNAVAILABLE_S },
  },
  Allow: {
    description: "The methods this path accepts.",
    schema: { type: "string", example: "GET, HEAD" },
  },
  "WWW-Authenticate": {
    description: "The authentication scheme the route expects.",
    schema: { type: "string", example: 'Bearer realm="admin"' },
  },
} as const;
type HeaderName = keyof typeof HEADERS;
const headers = (...names: HeaderName[]) => Object.fromEntries(names.map((n) => [n, ref("headers", n)]));

// ---- shared responses ------------------------------------------------------------------------

const errorContent = (examples: Example[]) => ({ "application/json": { schema: ref("schemas", "Error"), examples: examplesOf(examples) } });

/** The error responses most operations share, by component name; `status` is where operations put them. */
export const SHARED_RESPONSES = {
  NotModified: {
    status: 304,
    description: "The answer has not changed since the one with this ETag (`If-None-Match`); no body.",
    headers: headers("ETag", "Cache-Control"),
  },
  BadRequest: {
    status: 400,
    description: "A parameter is invalid (`issues` lists each problem), or the URL is not valid percent-encoded UTF-8.",
    content: errorContent([
      errorAnswer(
        "A parameter out of range",
        "GET /peliculas_duracion/sabrina?anio=abc",
        "invalid_request",
        'Query parameter "anio" must be a year from 1870 to 2100, such as 1995.',
        { issues: [{ path: "anio", message: "must be a year from 1870 to 2100, such as 1995" }] },
      ),
      errorAnswer("A missing path parameter", "GET /peliculas/", "invalid_request", 'Path parameter "id" is required.', {
        issues: [{ path: "id", message: "is required" }],
      }),
      errorAnswer("Broken percent-encoding", "GET /peliculas_pais/%FF", "invalid_request", "The URL is not valid percent-encoded UTF-8."),
    ]),
  },
  MethodNotAllowed: {
    status: 405,
    description: "The path exists, but not for this method; `Allow` (and `error.allow`) lists the ones it accepts.",
    headers: headers("Allow", "Cache-Control"),
    content: errorContent([
      errorAnswer("A write to a read-only route", "DELETE /peliculas/862", "method_not_allowed", "DELETE is not allowed here; use GET, HEAD.", {
        allow: ["GET", "HEAD"],
      }),
    ]),
  },
  UriTooLong: {
    status: 414,
    description: `The path is longer than ${MAX_PATH_CHARS} characters or the query string longer than ${MAX_QUERY_CHARS}.`,
    content: errorContent([
      {
        summary: "An oversized query string",
        description: `Answer to a query string of more than ${MAX_QUERY_CHARS} characters.`,
        value: envelope("invalid_request", `The URL is too long (path ≤ ${MAX_PATH_CHARS}, query ≤ ${MAX_QUERY_CHARS} characters).`),
      },
    ]),
  },
  TooManyRequests: {
    status: 429,
    description: `This client (by IP) sent too many requests; wait \`Retry-After\` seconds. Answers from cache and 304s do not count.`,
    headers: headers("Retry-After", "Cache-Control"),
    content: errorContent([
      errorAnswer(
        "Over the limit",
        "GET /peliculas_idioma/es",
        "rate_limited",
        `Too many requests from this client; try again in ${RATE_LIMIT_PERIOD_S} s.`,
        { retry_after: RATE_LIMIT_PERIOD_S },
        "when the client is over the rate limit",
      ),
    ]),
  },
  InternalError: {
    status: 500,
    description: "An unexpected error; it is logged, and no internals are shown.",
    headers: headers("Cache-Control"),
    content: errorContent([
      errorAnswer(
        "Unexpected error",
        "GET /peliculas_idioma/es",
        "internal",
        "Something went wrong on our side; the error has been logged.",
        {},
        "when the rate limiter itself fails",
      ),
    ]),
  },
  Unavailable: {
    status: 503,
    description:
      "The data cannot be read right now (D1 or KV failing, or D1's daily quota spent), or no dataset has been loaded yet; try again after `Retry-After` seconds. An answer cached before the failure is served instead when there is one.",
    headers: headers("Retry-After", "Cache-Control"),
    content: errorContent([
      errorAnswer(
        "Database not answering",
        "GET /peliculas_idioma/es",
        "unavailable",
        "The database is not answering right now; try again shortly.",
        { retry_after: RETRY_AFTER_UNAVAILABLE_S },
        "while D1 is failing",
      ),
      errorAnswer(
        "No dataset yet",
        "GET /peliculas_idioma/es",
        "unavailable",
        "No dataset is loaded yet (a first load may be in progress: see /version).",
        { retry_after: RETRY_AFTER_UNAVAILABLE_S },
        "before the first dataset load",
      ),
    ]),
  },
} as const;
export type SharedResponse = keyof typeof SHARED_RESPONSES;

/** `{ [status]: $ref }` for the named shared responses. */
export function sharedResponses<N extends SharedResponse>(...names: N[]): { [K in (typeof SHARED_RESPONSES)[N]["status"]]: Ref } {
  return Object.fromEntries(names.map((n) => [SHARED_RESPONSES[n].status, ref("responses", n)])) as never;
}

/** What every route can answer, whatever it does: bad URL, wrong method, too long, rate limit, bug. */
export const ANY_ROUTE = ["BadRequest", "MethodNotAllowed", "UriTooLong", "TooManyRequests", "InternalError"] as const;
/** What a route answering from the dataset adds: 304 (it is cached by ETag) and 503. */
export const DATA_ROUTE = [...ANY_ROUTE, "NotModified", "Unavailable"] as const;

// ---- per-route helpers -------------------------------------------------------------------------

export type Tag = "Consultas" | "Recomendación" | "Búsqueda" | "Servicio" | "Admin";

/**
 * The head of a GET operation, its fields in the order the generator writes them: `operationId` is
 * the path's first segment in camelCase (/get_director/{nombre_director}: getDirector).
 */
export function getOperation<P extends string>(path: P, tag: Tag, summary: string) {
  const segment = path.split("/")[1]!;
  return { method: "get" as const, path, operationId: segment.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), tags: [tag], summary };
}

/** A JSON response whose schema is a zod schema (an operation's own 200, 404, ...). */
export function jsonContent<T extends z.ZodType>(schema: T, description: string, opts: { headers?: HeaderName[]; examples?: Example[] } = {}) {
  return {
    description,
    ...(opts.headers?.length ? { headers: headers(...opts.headers) } : {}),
    content: { "application/json": { schema, ...(opts.examples ? { examples: examplesOf(opts.examples) } : {}) } },
  };
}

/** The 200 of a data route: cached, with an ETag. */
export const cachedJson = <T extends z.ZodType>(schema: T, description: string) => jsonContent(schema, description, { headers: ["ETag", "Cache-Control"] });

/** The 404 of a data route, with examples of real answers. */
export const notFoundJson = (description: string, examples: Example[]) => jsonContent(ErrorSchema, description, { headers: ["Cache-Control"], examples });

/** The answers of a data route that looks something up: the 200 (cached), the 404 with examples of real answers, and the shared ones. */
export const lookupResponses = <T extends z.ZodType>(schema: T, found: string, notFound: string, examples: Example[]) => ({
  200: cachedJson(schema, found),
  404: notFoundJson(notFound, examples),
  ...sharedResponses(...DATA_ROUTE),
});

/** Registers the shared components on the app whose document is generated. */
export function registerSharedComponents(app: OpenAPIHono<AppBindings>) {
  const registry = app.openAPIRegistry;
  registry.register("Error", ErrorSchema);
  for (const [name, header] of Object.entries(HEADERS)) registry.registerComponent("headers", name, header);
  for (const [name, { status: _status, ...response }] of Object.entries(SHARED_RESPONSES)) registry.registerComponent("responses", name, response);
}
