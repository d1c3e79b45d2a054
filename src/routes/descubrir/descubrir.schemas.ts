// The answer of `GET /descubrir`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";
import { pageOf } from "../../lib/answer-shapes.ts";
import { MAX_PAGE, MAX_RESULTS } from "../../shared/discover.ts";

const DiscoverItemSchema = z
  .object({
    id: z.number().int().openapi({ example: 862 }),
    titulo: z.string().openapi({ example: "Toy Story" }),
    anio: z.number().int().openapi({ example: 1995 }),
    fecha: z.string().openapi({ example: "1995-10-30" }),
    generos: z.array(z.string()).openapi({ example: ["Animation", "Comedy", "Family"] }),
    popularidad: z.number().openapi({ example: 21.946943 }),
    votos_promedio: z.number().openapi({ example: 7.7 }),
    votos_cantidad: z.number().int().openapi({ example: 5415 }),
    ganancia: z.number().openapi({ example: 373554033, description: "Revenue (0 when unknown)" }),
    retorno: z.number().openapi({ example: 12.45, description: "revenue / budget (0 when the budget is unknown)" }),
    duracion: z.number().nullable().openapi({ example: 81, description: "Runtime in minutes (null when unknown)" }),
  })
  .openapi("PeliculaDescubierta");

export const DescubrirResponse = pageOf("Descubrimiento", DiscoverItemSchema, {
  total: [43, `Matching movies, at most ${MAX_RESULTS}; a lower bound when total_results_capped is true`],
  capped:
    `true when more movies may match than total_results says: more than ${MAX_RESULTS}, or a combination of filters ` +
    "whose total is counted over the first movies of the walk only (see the route's description)",
  pages: [3, `Pages of total_results (at most ${MAX_PAGE})`],
});

export type DiscoverPage = z.infer<typeof DescubrirResponse>;
export type DiscoverItem = z.infer<typeof DiscoverItemSchema>;
