// The answer of `GET /recomendacion/{titulo}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

/** One recommended movie (also in `GET /peliculas/{id}`). */
export const RecommendationSchema = z.object({
  id: z.number().int().openapi({ example: 863 }),
  titulo: z.string().openapi({ example: "Toy Story 2" }),
  anio: z.number().int().openapi({ example: 1999 }),
  similitud: z.number().openapi({ example: 0.51, description: "Cosine similarity of the TF-IDF vectors (0–1, 6 decimals)" }),
  terminos: z.array(z.string()).openapi({
    example: ["toy", "andy", "woody"],
    description: "Why: the (at most 3) terms the two movies share that contribute most to the similarity, w(a,t)·w(b,t), largest first",
  }),
});

export const RecomendacionResponse = z
  .object({
    id: z.number().int().openapi({ example: 862 }),
    titulo: z.string().openapi({ example: "Toy Story" }),
    anio: z.number().int().openapi({ example: 1995 }),
    titulos_recomendados: z.array(z.string()).openapi({ example: ["Toy Story 2", "Toy Story 3"] }),
    recomendaciones: z.array(RecommendationSchema),
  })
  .openapi("Recomendacion");

export type Recommendations = z.infer<typeof RecomendacionResponse>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
