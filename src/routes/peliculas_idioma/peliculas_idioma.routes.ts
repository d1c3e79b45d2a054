import { createRoute } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { nameParam } from "../../lib/params.ts";
import { IdiomaResponse } from "./peliculas_idioma.schemas.ts";

export const peliculasIdioma = createRoute({
  method: "get",
  path: "/peliculas_idioma/{idioma}",
  operationId: "peliculasIdioma",
  tags: ["Consultas"],
  summary: "Movies whose first spoken language is this one",
  description:
    "The language may be its ISO 639-1 code (`es`), the dataset's name (`Español`, `日本語`), or its English or Spanish name (`Spanish`, `español`). Accents and case are ignored.",
  request: { params: nameParam("idioma", "es", "Language code or name") },
  responses: lookupResponses(
    IdiomaResponse,
    "Number of movies whose first spoken language is this one",
    "No language matches; `sugerencias` lists close names that exist.",
    [
      errorAnswer("Unknown language", "GET /peliculas_idioma/klingon", "not_found", 'No language matches "klingon".', { sugerencias: [] }),
      errorAnswer("A typo", "GET /peliculas_idioma/englsh", "not_found", 'No language matches "englsh".', { sugerencias: ["English"] }),
    ],
  ),
});
