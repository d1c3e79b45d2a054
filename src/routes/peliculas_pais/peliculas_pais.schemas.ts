// The answer of `GET /peliculas_pais/{pais}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

export const PaisResponse = z
  .object({
    pais: z.string().openapi({ example: "United States of America" }),
    codigo: z.string().openapi({ example: "US" }),
    cantidad: z.number().int().openapi({ example: 40 }),
  })
  .openapi("Pais");

export type Country = z.infer<typeof PaisResponse>;
