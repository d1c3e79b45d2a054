import { createRoute, z } from "@hono/zod-openapi";
import { cachedJson, DATA_ROUTE, errorAnswer, notFoundJson, sharedResponses } from "../../lib/openapi.ts";
import { nameParam } from "../../lib/params.ts";

const DirectorMovie = z.object({
  id: z.number().int().openapi({ example: 862 }),
  titulo: z.string().openapi({ example: "Toy Story" }),
  anio: z.number().int().openapi({ example: 1995 }),
  fecha: z.string().openapi({ example: "1995-10-30", description: "Release date (YYYY-MM-DD)" }),
  retorno: z.number().openapi({ example: 12.4518011, description: "revenue / budget (0 when the budget is unknown)" }),
  presupuesto: z.number().openapi({ example: 30000000, description: "Budget" }),
  ganancia: z.number().openapi({ example: 373554033, description: "Revenue" }),
});

export const DirectorResponse = z
  .object({
    director: z.string().openapi({ example: "John Lasseter" }),
    retorno_total_director: z.number().openapi({ example: 21.01, description: "Sum of the movies' `retorno`" }),
    cantidad: z.number().int().openapi({ example: 3 }),
    peliculas: z.array(DirectorMovie).openapi({ description: "The director's movies by release date" }),
  })
  .openapi("Director");

export const getDirector = createRoute({
  method: "get",
  path: "/get_director/{nombre_director}",
  operationId: "getDirector",
  tags: ["Consultas"],
  summary: "A director's movies with budget, revenue and return",
  description: "The director's movies by release date, each with its budget, revenue and return (revenue / budget, 0 when the budget is unknown); `retorno_total_director` is the sum of those returns. Case, accents, punctuation and extra spaces in the name are ignored.",
  request: { params: nameParam("nombre_director", "John Lasseter", "Director name") },
  responses: {
    200: cachedJson(DirectorResponse, "The director's movies"),
    404: notFoundJson("No director matches; `sugerencias` lists close names that exist.", [
      errorAnswer("A typo", "GET /get_director/john%20laseter", "not_found", 'No director matches "john laseter".', { sugerencias: ["John Lasseter"] }),
    ]),
    ...sharedResponses(...DATA_ROUTE),
  },
});
