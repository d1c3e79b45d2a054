// The answer of `GET /get_director/{nombre_director}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

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

export type Director = z.infer<typeof DirectorResponse>;
