import { createRoute } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { AnioQuery, nameParam } from "../../lib/params.ts";
import { RecomendacionResponse } from "./recomendacion.schemas.ts";

export const recomendacion = createRoute({
  method: "get",
  path: "/recomendacion/{titulo}",
  operationId: "recomendacion",
  tags: ["Recomendación"],
  summary: "The five most similar movies",
  description:
    "Content-based: TF-IDF over genres, title and overview, cosine similarity, computed for every movie of the catalogue by the ETL. Same title rules and `?anio=` as /peliculas_duracion.",
  request: { params: nameParam("titulo", "Toy Story", "Movie title"), query: AnioQuery },
  responses: lookupResponses(
    RecomendacionResponse,
    "Up to five recommendations, most similar first",
    "No movie has this title (`sugerencias` lists close titles that exist), or none with this title was released in `anio` (`anios_disponibles` lists the years there are).",
    [
      errorAnswer("A typo", "GET /recomendacion/the%20matrx", "not_found", 'No movie matches "the matrx".', { sugerencias: ["The Matrix"] }),
      errorAnswer("No movie of that title that year", "GET /recomendacion/sabrina?anio=2000", "not_found", 'No movie titled "sabrina" was released in 2000.', {
        sugerencias: ["Sabrina"],
        anios_disponibles: [1954, 1995],
      }),
    ],
  ),
});
