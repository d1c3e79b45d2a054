import type { NameMatch } from "../../db/search.ts";
import { searchNames } from "../../db/search.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { SearchKind } from "../../shared/search.ts";
import type { buscar } from "./buscar.routes.ts";
import { PAGE_SIZE, type SearchItem, type SearchPage, type SearchTipo } from "./buscar.schemas.ts";

/** Kinds each `tipo` covers: a range of SEARCH_KIND, so a rowid range (languages and countries are never listed). */
const KINDS: Record<SearchTipo, [SearchKind, SearchKind]> = {
  todo: ["movie", "company"],
  pelicula: ["movie", "movie"],
  director: ["director", "director"],
  franquicia: ["franchise", "franchise"],
  productora: ["company", "company"],
};

const GROUP_TIPO = { director: "director", franchise: "franquicia", company: "productora" } as const;

function toItem(m: NameMatch): SearchItem {
  if (m.kind === "movie") return { tipo: "pelicula", id: m.id, titulo: m.name, anio: m.year, generos: m.genres };
  return { tipo: GROUP_TIPO[m.kind as keyof typeof GROUP_TIPO], id: m.id, nombre: m.name, cantidad_peliculas: m.popularity };
}

export const buscarHandler: AppRouteHandler<typeof buscar> = async (c) => {
  const { q, tipo, page } = c.req.valid("query");
  const found = await searchNames(c.env.DB, normalizeName(q), KINDS[tipo], (page - 1) * PAGE_SIZE, PAGE_SIZE);
  const body: SearchPage = {
    page,
    total_results: found.total,
    total_results_capped: found.capped,
    total_pages: Math.ceil(found.total / PAGE_SIZE),
    results: found.matches.map(toItem),
  };
  return c.json(body, 200);
};
