// The answer of `GET /franquicia/{franquicia}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

export const FranquiciaResponse = z
  .object({
    franquicia: z.string().openapi({ example: "Toy Story Collection" }),
    cantidad: z.number().int().openapi({ example: 3 }),
    ganancia_total: z.number().openapi({ example: 1937400000, description: "Sum of the movies' revenue (a movie without revenue counts as 0)" }),
    ganancia_promedio: z.number().openapi({ example: 645800000, description: "ganancia_total / cantidad" }),
  })
  .openapi("Franquicia");

export type Franchise = z.infer<typeof FranquiciaResponse>;
