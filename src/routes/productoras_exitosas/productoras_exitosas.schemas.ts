// The answer of `GET /productoras_exitosas/{productora}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

export const ProductoraResponse = z
  .object({
    productora: z.string().openapi({ example: "Pixar Animation Studios" }),
    revenue_total: z.number().openapi({ example: 1234278000, description: "Sum of revenue over the company's movies, each counted once" }),
    cantidad: z.number().int().openapi({ example: 4 }),
  })
  .openapi("Productora");

export type Company = z.infer<typeof ProductoraResponse>;
