// The answer of `GET /peliculas_idioma/{idioma}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

export const IdiomaResponse = z
  .object({
    idioma: z.string().openapi({ example: "Español" }),
    codigo: z.string().openapi({ example: "es" }),
    cantidad: z.number().int().openapi({ example: 3 }),
  })
  .openapi("Idioma");

export type Language = z.infer<typeof IdiomaResponse>;
