import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../lib/errors.ts";
import { AnioQuery, nameParam } from "../../lib/params.ts";

const OtherMatch = z.object({
  id: z.number().int().openapi({ example: 11104 }),
  titulo: z.string().openapi({ example: "Heat" }),
  anio: z.number().int().openapi({ example: 1986 }),
  duracion: z.number().nullable().openapi({ example: 101, description: "Runtime in minutes (null when unknown)" }),
});

export const DuracionResponse = z
  .object({
    id: z.number().int().openapi({ example: 862 }),
    pelicula: z.string().openapi({ example: "Toy Story" }),
    duracion: z.number().nullable().openapi({ example: 81, description: "Runtime in minutes (null when unknown)" }),
    anio: z.number().int().openapi({ example: 1995 }),
    otras_coincidencias: z.array(OtherMatch).openapi({ description: "Other movies with the same title, most voted first" }),
  })
  .openapi("Duracion");

export const peliculasDuracion = createRoute({
  method: "get",
  path: "/peliculas_duracion/{pelicula}",
  tags: ["Consultas"],
  summary: "Runtime and release year of a movie",
  description: "When several movies share the title, the most voted one is answered (then the lowest id) and the others are listed; `?anio=` picks the one released that year.",
  request: { params: nameParam("pelicula", "Toy Story", "Movie title"), query: AnioQuery },
  responses: {
    200: { content: { "application/json": { schema: DuracionResponse } }, description: "The movie's runtime and year" },
    ...errorResponses,
  },
});
