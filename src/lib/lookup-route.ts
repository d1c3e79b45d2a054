// The definition of every route that looks one thing up by name, `GET /<segment>/{<param>}`
// (/peliculas_idioma/{idioma}, /get_director/{nombre_director}, ...), made in one place: its
// operationId is the segment in camelCase, its 200 is cached, and its 404 is the one the handler
// throws. The 404's examples are built by the same functions the handlers throw (notFound,
// notInYear), so a documented message cannot drift from the served one.
import { createRoute, type z } from "@hono/zod-openapi";
import { LABEL, type SuggestionKind } from "../db/suggestions.ts";
import { type ApiError, envelope, notFound } from "./errors.ts";
import { answer, type Example, getOperation, lookupResponses, type Tag } from "./openapi.ts";
import { AnioQuery, nameParam } from "./params.ts";
import { notInYear } from "./titles.ts";

/** The path parameter: its name, an example value (the docs' try-it-out sends it) and its description. */
type Param<K extends string> = [name: K, example: string, description: string];
/** A name that matches nothing, an example of the 404: the example's summary, the name typed, the names suggested. */
type Miss = [summary: string, input: string, sugerencias: string[]];

/** What the OpenAPI document says of the route besides its path and parameters. */
interface LookupDocs<T extends z.ZodType> {
  tag?: Extract<Tag, "Consultas" | "Recomendación">;
  summary: string;
  description: string;
  /** The 200's schema and description, and the names that show the 404. */
  answers: [schema: T, found: string, misses: Miss[]];
}

/** The example of an error a handler throws, as the client receives it. */
const thrown = (summary: string, request: string, err: ApiError): Example => answer(summary, request, envelope(err.code, err.message, err.extra));

const missExamples = (segment: string, noun: string, misses: Miss[]) =>
  misses.map(([summary, input, sugerencias]) => thrown(summary, `GET /${segment}/${encodeURIComponent(input)}`, notFound(noun, input, sugerencias)));

/** Everything but the request and responses (the generator writes an operation's fields in this order). */
function header<S extends string, K extends string>(segment: S, param: Param<K>, docs: LookupDocs<z.ZodType>) {
  return { ...getOperation(`/${segment}/{${param[0]}}` as `/${S}/{${K}}`, docs.tag ?? "Consultas", docs.summary), description: docs.description };
}

/** A route that finds a language, country, franchise, company or director by its name: "No <LABEL[kind]> matches" when none does. */
export function lookupRoute<S extends string, const K extends string, T extends z.ZodType>(
  segment: S,
  param: Param<K>,
  kind: SuggestionKind,
  docs: LookupDocs<T>,
) {
  const noun = LABEL[kind];
  const [schema, found, misses] = docs.answers;
  return createRoute({
    ...header(segment, param, docs),
    request: { params: nameParam(...param) },
    responses: lookupResponses(schema, found, `No ${noun} matches; \`sugerencias\` lists close names that exist.`, missExamples(segment, noun, misses)),
  });
}

/** A title that exists, but not in the year asked for: the same example on every title route. */
const YEAR_MISS = { input: "sabrina", anio: 2000, titles: ["Sabrina"], years: [1954, 1995] };

/** A route that finds a movie by its title, `?anio=` picking one of several of that title (src/lib/titles.ts). */
export function titleLookupRoute<S extends string, const K extends string, T extends z.ZodType>(segment: S, param: Param<K>, docs: LookupDocs<T>) {
  const [schema, found, misses] = docs.answers;
  const { input, anio, titles, years } = YEAR_MISS;
  const wrongYear = thrown("No movie of that title that year", `GET /${segment}/${input}?anio=${anio}`, notInYear(input, anio, titles, years));
  return createRoute({
    ...header(segment, param, docs),
    request: { params: nameParam(...param), query: AnioQuery },
    responses: lookupResponses(
      schema,
      found,
      "No movie has this title (`sugerencias` lists close titles that exist), or none with this title was released in `anio` (`anios_disponibles` lists the years there are).",
      [...missExamples(segment, LABEL.title, misses), wrongYear],
    ),
  });
}
