import { createRoute, z } from "@hono/zod-openapi";
import { wordChars } from "../../db/fts.ts";
import { cachedJson, DATA_ROUTE, getOperation, sharedResponses } from "../../lib/openapi.ts";
import { inQuery, nameText, oneOf, pageParam } from "../../lib/params.ts";
import { normalizeName } from "../../shared/normalize.ts";
import { MAX_RESULTS } from "../../shared/search.ts";
import { BuscarResponse, MAX_PAGE, MIN_QUERY_CHARS, PAGE_SIZE, SEARCH_TIPOS } from "./buscar.schemas.ts";

export const BuscarQuery = z.object({
  q: inQuery(
    nameText().refine((s) => wordChars(normalizeName(s)) >= MIN_QUERY_CHARS, `must contain at least ${MIN_QUERY_CHARS} letters or digits`),
    "q",
    "toy story",
    "Words to look for; each matches the start of a word, ignoring case and accents (`amelie` finds `Amélie`). " +
      `At least ${MIN_QUERY_CHARS} letters or digits in all.`,
  ),
  tipo: inQuery(oneOf(SEARCH_TIPOS).default("todo"), "tipo", "pelicula", "What to list: movies, directors, franchises, production companies, or all of them."),
  page: pageParam(MAX_PAGE, PAGE_SIZE),
});

export const buscar = createRoute({
  ...getOperation("/buscar", "Búsqueda", "Full-text search over movies, directors, franchises and production companies"),
  description:
    "Every word of `q` must start a word of the name. Order: a name equal to the query first, then relevance (bm25), " +
    "then popularity (a movie's votes, or the number of movies of a director, franchise or company), then kind and id. " +
    `Only the ${MAX_RESULTS} most relevant matches are listed (\`total_results_capped\` says when there were more). ` +
    `${PAGE_SIZE} results a page; a page past the last one is empty.`,
  request: { query: BuscarQuery },
  responses: {
    200: cachedJson(BuscarResponse, "One page of results"),
    ...sharedResponses(...DATA_ROUTE),
  },
});
