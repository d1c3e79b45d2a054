// The answer of `GET /buscar`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";
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

export const BuscarResponse = z
  .object({
    page: z.number().int().openapi({ example: 1 }),
    total_results: z
      .number()
      .int()
      .openapi({
        example: 4,
        description: `Matching names that can be listed: at most ${MAX_RESULTS}, the most relevant ones`,
      }),
    total_results_capped: z.boolean().openapi({
      example: false,
      description: `true when more than ${MAX_RESULTS} names match: only the ${MAX_RESULTS} most relevant are counted and listed`,
    }),
    total_pages: z
      .number()
      .int()
      .openapi({ example: 1, description: `Pages that can be asked for (at most ${MAX_PAGE})` }),
    results: z.array(SearchItemSchema),
  })
  .openapi("Busqueda");

export type SearchPage = z.infer<typeof BuscarResponse>;
export type SearchItem = z.infer<typeof SearchItemSchema>;
