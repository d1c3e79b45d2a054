import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses } from "../../lib/errors.ts";
import { nameParam } from "../../lib/params.ts";

export const ProductoraResponse = z
  .object({
    productora: z.string().openapi({ example: "Pixar Animation Studios" }),
    revenue_total: z.number().openapi({ example: 1234278000, description: "Sum of revenue over the company's movies, each counted once" }),
    cantidad: z.number().int().openapi({ example: 4 }),
  })
  .openapi("Productora");

export const productorasExitosas = createRoute({
  method: "get",
  path: "/productoras_exitosas/{productora}",
  tags: ["Consultas"],
  summary: "Total revenue and number of movies of a production company",
  request: { params: nameParam("productora", "Pixar Animation Studios", "Production company name") },
  responses: {
    200: { content: { "application/json": { schema: ProductoraResponse } }, description: "The company's movies and their revenue" },
    ...errorResponses,
  },
});
