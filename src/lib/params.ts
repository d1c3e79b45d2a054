// Validation shared by every route that takes a name: the checks of the API contract.
import { z } from "@hono/zod-openapi";
import { normalizeName } from "../shared/normalize.ts";

export const MAX_NAME_LENGTH = 200;
// Control characters (C0, DEL, C1) and lone surrogates can never be part of a real name.
const FORBIDDEN = /[\p{Cc}]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Text a user typed to name something: 1–200 characters, no control characters, not only blanks and punctuation. */
export const nameText = () =>
  z
    .string()
    .min(1, "must not be empty")
    .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
    .refine((s) => !FORBIDDEN.test(s), "must not contain control characters")
    .refine((s) => normalizeName(s).length > 0, "must contain more than whitespace and punctuation");

/** A path parameter holding a name (see nameText). */
export function nameParam<K extends string>(name: K, example: string, description: string) {
  const schema = nameText().openapi({ param: { name, in: "path" }, example, description });
  return z.object({ [name]: schema } as { [P in K]: typeof schema });
}

/** `?anio=`: picks, among movies sharing a title, the one released that year. */
export const AnioQuery = z.object({
  anio: z.coerce
    .number()
    .int("must be a whole year")
    .min(1870, "must be 1870 or later")
    .max(2100, "must be 2100 or earlier")
    .optional()
    .openapi({ param: { name: "anio", in: "query" }, example: 1995, description: "Release year, to pick one of several movies with the same title." }),
});
