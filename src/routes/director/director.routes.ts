import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../lib/errors.ts";
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
  tags: ["Consultas"],
  summary: "A director's movies with budget, revenue and return",
  request: { params: nameParam("nombre_director", "John Lasseter", "Director name") },
  responses: {
    200: { content: { "application/json": { schema: DirectorResponse } }, description: "The director's movies" },
    ...errorResponses,
  },
});
