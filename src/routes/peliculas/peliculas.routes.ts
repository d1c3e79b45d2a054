import { createRoute, z } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { PeliculaResponse } from "./peliculas.schemas.ts";

const ID_MESSAGE = "must be a whole number of 1 or more, such as 862";

export const PeliculaParams = z.object({
  id: z
    .string()
    .regex(/^[0-9]{1,15}$/, { error: ID_MESSAGE, abort: true })
    .transform(Number)
    .pipe(z.number().int().min(1, ID_MESSAGE))
    // The path holds text; what it must spell is a positive integer.
    .openapi({ param: { name: "id", in: "path" }, type: "integer", minimum: 1, example: 862, description: "Movie id (TMDB id)" }),
});

export const pelicula = createRoute({
  method: "get",
  path: "/peliculas/{id}",
  operationId: "pelicula",
  tags: ["Búsqueda"],
  summary: "A movie's whole record and its recommendations",
  description: "Everything the dataset says about one movie, by its id (as `/buscar` and `/recomendacion` give them), with its five recommendations.",
  request: { params: PeliculaParams },
  responses: lookupResponses(PeliculaResponse, "The movie", "No movie has this id.", [
    errorAnswer("Unknown id", "GET /peliculas/999999", "not_found", "No movie has id 999999."),
  ]),
});
