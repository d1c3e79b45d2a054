import { createRoute } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { AnioQuery, nameParam } from "../../lib/params.ts";
import { DuracionResponse } from "./peliculas_duracion.schemas.ts";

export const peliculasDuracion = createRoute({
  method: "get",
  path: "/peliculas_duracion/{pelicula}",
  operationId: "peliculasDuracion",
  tags: ["Consultas"],
  summary: "Runtime and release year of a movie",
  description:
    "When several movies share the title, the most voted one is answered (then the lowest id) and the others are listed; `?anio=` picks the one released that year.",
  request: { params: nameParam("pelicula", "Toy Story", "Movie title"), query: AnioQuery },
  responses: lookupResponses(
    DuracionResponse,
    "The movie's runtime and year",
    "No movie has this title (`sugerencias` lists close titles that exist), or none with this title was released in `anio` (`anios_disponibles` lists the years there are).",
    [
      errorAnswer("A typo", "GET /peliculas_duracion/toy%20stroy", "not_found", 'No movie matches "toy stroy".', {
        sugerencias: ["Toy Story", "Toy Story 2", "Toy Story 3"],
      }),
      errorAnswer(
        "No movie of that title that year",
        "GET /peliculas_duracion/sabrina?anio=2000",
        "not_found",
        'No movie titled "sabrina" was released in 2000.',
        { sugerencias: ["Sabrina"], anios_disponibles: [1954, 1995] },
      ),
    ],
  ),
});
