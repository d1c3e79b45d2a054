import { createRoute, z } from "@hono/zod-openapi";
import { cachedJson, DATA_ROUTE, errorAnswer, notFoundJson, sharedResponses } from "../../lib/openapi.ts";

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

const Ref = z.object({ id: z.number().int(), nombre: z.string() });
const CodeRef = z.object({ codigo: z.string(), nombre: z.string() });
const Recommendation = z.object({
  id: z.number().int(), titulo: z.string(), anio: z.number().int(), similitud: z.number(),
  terminos: z.array(z.string()).openapi({ description: "The shared terms that contribute most to the similarity (as /recomendacion)" }),
});

export const PeliculaResponse = z
  .object({
    id: z.number().int().openapi({ example: 862 }),
    titulo: z.string().openapi({ example: "Toy Story" }),
    fecha: z.string().openapi({ example: "1995-10-30", description: "Release date (YYYY-MM-DD)" }),
    anio: z.number().int().openapi({ example: 1995 }),
    duracion: z.number().nullable().openapi({ example: 81, description: "Runtime in minutes (null when unknown)" }),
    presupuesto: z.number().openapi({ example: 30000000, description: "Budget (0 when unknown)" }),
    ganancia: z.number().openapi({ example: 373554033, description: "Revenue (0 when unknown)" }),
    retorno: z.number().openapi({ example: 12.4518011, description: "revenue / budget (0 when the budget is unknown)" }),
    popularidad: z.number().openapi({ example: 21.946943 }),
    votos_promedio: z.number().openapi({ example: 7.7 }),
    votos_cantidad: z.number().int().openapi({ example: 5415 }),
    idioma_original: z.string().openapi({ example: "en" }),
    resumen: z.string().openapi({ description: "Overview" }),
    franquicia: Ref.nullable().openapi({ example: { id: 10194, nombre: "Toy Story Collection" } }),
    generos: z.array(Ref),
    productoras: z.array(Ref),
    paises: z.array(CodeRef),
    idiomas: z.array(CodeRef).openapi({ description: "Spoken languages, in the dataset's order (the first is the movie's language)" }),
    directores: z.array(Ref),
    recomendaciones: z.array(Recommendation).openapi({ description: "The five most similar movies (as /recomendacion)" }),
  })
  .openapi("Pelicula");

export const pelicula = createRoute({
  method: "get",
  path: "/peliculas/{id}",
  operationId: "pelicula",
  tags: ["Búsqueda"],
  summary: "A movie's whole record and its recommendations",
  description: "Everything the dataset says about one movie, by its id (as `/buscar` and `/recomendacion` give them), with its five recommendations.",
  request: { params: PeliculaParams },
  responses: {
    200: cachedJson(PeliculaResponse, "The movie"),
    404: notFoundJson("No movie has this id.", [
      errorAnswer("Unknown id", "GET /peliculas/999999", "not_found", "No movie has id 999999."),
    ]),
    ...sharedResponses(...DATA_ROUTE),
  },
});
