// The answer of `GET /buscar`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";
import { pageOf } from "../../lib/answer-shapes.ts";
import { MAX_RESULTS } from "../../shared/search.ts";

export const PAGE_SIZE = 20;
export const MAX_PAGE = MAX_RESULTS / PAGE_SIZE;
/** Shorter queries are refused: they match most of the catalogue and say little. */
export const MIN_QUERY_CHARS = 2;

export const SEARCH_TIPOS = ["todo", "pelicula", "director", "franquicia", "productora"] as const;
export type SearchTipo = (typeof SEARCH_TIPOS)[number];

const Pelicula = z
  .object({
    tipo: z.literal("pelicula"),
    id: z.number().int().openapi({ example: 862 }),
    titulo: z.string().openapi({ example: "Toy Story" }),
    anio: z.number().int().openapi({ example: 1995 }),
    generos: z.array(z.string()).openapi({ example: ["Animation", "Comedy", "Family"] }),
  })
  .openapi("ResultadoPelicula");

const Grupo = z
  .object({
    tipo: z.enum(["director", "franquicia", "productora"]),
    id: z.number().int().openapi({ example: 10194, description: "Person, collection or company id" }),
    nombre: z.string().openapi({ example: "Toy Story Collection" }),
    cantidad_peliculas: z.number().int().openapi({ example: 3 }),
  })
  .openapi("ResultadoGrupo");

/** One result: a movie, or a director, franchise or company with its number of movies. */
const SearchItemSchema = z.union([Pelicula, Grupo]);

export const BuscarResponse = pageOf("Busqueda", SearchItemSchema, {
  total: [4, `Matching names that can be listed: at most ${MAX_RESULTS}, the most relevant ones`],
  capped: `true when more than ${MAX_RESULTS} names match: only the ${MAX_RESULTS} most relevant are counted and listed`,
  pages: [1, `Pages that can be asked for (at most ${MAX_PAGE})`],
});

export type SearchPage = z.infer<typeof BuscarResponse>;
export type SearchItem = z.infer<typeof SearchItemSchema>;
