// Shapes that several answers share, as zod schema builders: a page of results (/buscar,
// /descubrir) and a name with its code and number of movies (/peliculas_idioma, /peliculas_pais).
// The route schemas (src/routes/<path>/<path>.schemas.ts) build on them; imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

type Documented = [example: number, description: string];

/** One page of `results`: the page number, how many match, whether that count was capped, and how many pages there are. */
export function pageOf<T extends z.ZodType>(name: string, item: T, docs: { total: Documented; capped: string; pages: Documented }) {
  return z
    .object({
      page: z.number().int().openapi({ example: 1 }),
      total_results: z.number().int().openapi({ example: docs.total[0], description: docs.total[1] }),
      total_results_capped: z.boolean().openapi({ example: false, description: docs.capped }),
      total_pages: z.number().int().openapi({ example: docs.pages[0], description: docs.pages[1] }),
      results: z.array(item),
    })
    .openapi(name);
}

/** `{<key>: name, codigo, cantidad}`: a language or a country, its code and how many movies it has. */
export function countedName<K extends string>(name: string, key: K, example: { [P in K | "codigo"]: string } & { cantidad: number }) {
  return z
    .object({
      ...({ [key]: z.string().openapi({ example: example[key] }) } as { [P in K]: z.ZodString }),
      codigo: z.string().openapi({ example: example.codigo }),
      cantidad: z.number().int().openapi({ example: example.cantidad }),
    })
    .openapi(name);
}
