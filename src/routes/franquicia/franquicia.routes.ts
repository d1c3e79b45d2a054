import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../lib/errors.ts";
import { nameParam } from "../../lib/params.ts";

export const FranquiciaResponse = z
  .object({
    franquicia: z.string().openapi({ example: "Toy Story Collection" }),
    cantidad: z.number().int().openapi({ example: 3 }),
    ganancia_total: z.number().openapi({ example: 1937400000, description: "Sum of the movies' revenue (a movie without revenue counts as 0)" }),
    ganancia_promedio: z.number().openapi({ example: 645800000, description: "ganancia_total / cantidad" }),
  })
  .openapi("Franquicia");

export const franquicia = createRoute({
  method: "get",
  path: "/franquicia/{franquicia}",
  tags: ["Consultas"],
  summary: "Revenue of a franchise (collection)",
  request: { params: nameParam("franquicia", "Toy Story Collection", "Collection name") },
  responses: {
    200: { content: { "application/json": { schema: FranquiciaResponse } }, description: "Movies in the collection and their revenue" },
    ...errorResponses,
  },
});
