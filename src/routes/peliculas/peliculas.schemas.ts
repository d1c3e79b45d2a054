// The answer of `GET /peliculas/{id}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";
import { RecommendationSchema } from "../recomendacion/recomendacion.schemas.ts";

/** A linked entity named by id: collection, genre, company, director. */
const Ref = z.object({ id: z.number().int(), nombre: z.string() });
/** A linked entity named by ISO code: country, spoken language. */
const CodeRef = z.object({ codigo: z.string(), nombre: z.string() });

export const PeliculaResponse = z
  .object({
    id: z.number().int().openapi({ example: 862 }),
    titulo: z.string().openapi({ example: "Toy Story" }),
    fecha: z.string().openapi({ example: "1995-10-30", description: "Release date (YYYY-MM-DD)" }),
    anio: z.number().int().openapi({ example: 1995 }),
    duracion: z.number().nullable().openapi({ example: 81, description: "Runtime in minutes (null when unknown)" }),
    presupuesto: z.number().openapi({ example: 30000000, description: "Budget (0 when unknown)" }),
    ganancia: z.number().openapi({ example: 373554033, description: "Revenue (0 when unknown)" }),
    retorno: z.number().openapi({ example: 12.4518011, description: "revenue / budget (0 when the budget is unknown)" }),
    popularidad: z.number().openapi({ example: 21.946943 }),
    votos_promedio: z.number().openapi({ example: 7.7 }),
    votos_cantidad: z.number().int().openapi({ example: 5415 }),
    idioma_original: z.string().openapi({ example: "en" }),
    resumen: z.string().openapi({ description: "Overview" }),
    franquicia: Ref.nullable().openapi({ example: { id: 10194, nombre: "Toy Story Collection" } }),
    generos: z.array(Ref),
    productoras: z.array(Ref),
    paises: z.array(CodeRef),
    idiomas: z.array(CodeRef).openapi({ description: "Spoken languages, in the dataset's order (the first is the movie's language)" }),
    directores: z.array(Ref),
    recomendaciones: z.array(RecommendationSchema).openapi({ description: "The five most similar movies (as /recomendacion)" }),
  })
  .openapi("Pelicula");

export type Movie = z.infer<typeof PeliculaResponse>;
export type Ref = z.infer<typeof Ref>;
export type CodeRef = z.infer<typeof CodeRef>;
