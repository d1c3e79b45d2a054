// Validation shared by every route that takes a name: the checks of the API contract. Each check
// stops at the first failure (`abort`), so one problem gives one issue, and every message is the
// end of a sentence for people: `Path parameter "pelicula" <message>.` (src/lib/errors.ts).
import { z } from "@hono/zod-openapi";
import { normalizeName } from "../shared/normalize.ts";

export const MAX_NAME_LENGTH = 200;
// Control characters (C0, DEL, C1) and lone surrogates can never be part of a real name.
const FORBIDDEN = /[\p{Cc}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** The message of a parameter that is absent or of the wrong type. */
const requiredText = (iss: { input?: unknown }) => (iss.input === undefined ? "is required" : "must be text");

/** Text a user typed to name something: 1–200 characters, no control characters, not only spaces and punctuation. */
export const nameText = () =>
  z
    .string({ error: requiredText })
    .min(1, { error: "must not be empty", abort: true })
    .max(MAX_NAME_LENGTH, { error: `must be at most ${MAX_NAME_LENGTH} characters long`, abort: true })
    .refine((s) => !FORBIDDEN.test(s), { error: "must not contain control characters", abort: true })
    .refine((s) => normalizeName(s).length > 0, { error: "must contain more than spaces and punctuation", abort: true });

/** A path parameter holding a name (see nameText). */
export function nameParam<K extends string>(name: K, example: string, description: string) {
  const schema = nameText().openapi({ param: { name, in: "path" }, example, description });
  return z.object({ [name]: schema } as { [P in K]: typeof schema });
}

/** A whole number from `min` to `max`, given as text in the URL: one message for every way to get it wrong. */
export function wholeNumber(min: number, max: number, message: string) {
  return z.coerce
    .number({ error: message })
    .int({ error: message, abort: true })
    .min(min, { error: message, abort: true })
    .max(max, { error: message, abort: true });
}

export const MIN_YEAR = 1870;
export const MAX_YEAR = 2100;

/** `?anio=`: picks, among movies sharing a title, the one released that year. */
export const AnioQuery = z.object({
  anio: wholeNumber(MIN_YEAR, MAX_YEAR, `must be a year from ${MIN_YEAR} to ${MAX_YEAR}, such as 1995`)
    .optional()
    .openapi({ param: { name: "anio", in: "query" }, example: 1995, description: "Release year, to pick one of several movies with the same title." }),
});

/** One of `values`; the message lists them. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: `must be one of ${values.join(", ")}` });

/** `schema` as the query parameter `name`, documented with an example and a description. */
export const inQuery = <T extends z.ZodType>(schema: T, name: string, example: unknown, description: string): T =>
  schema.openapi({ param: { name, in: "query" }, example, description });

/** `?page=`: a page of `size` results, from 1 to `max`. */
export const pageParam = (max: number, size: number) =>
  inQuery(wholeNumber(1, max, `must be a whole number from 1 to ${max}`).default(1), "page", 1, `Page of ${size} results (1–${max}).`);
