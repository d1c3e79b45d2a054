// The answer of `GET /peliculas_duracion/{pelicula}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

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

export type Runtime = z.infer<typeof DuracionResponse>;
