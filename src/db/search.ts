// /buscar: full-text search over the names in the search index (seed/migrations/0002_search.sql).
// Order: an entry whose whole name is the query first, then bm25 (all words as prefixes), then
// popularity (a movie's votes; a director's, franchise's or company's number of movies), then
// kind and id, so pages are stable.
//
// Cost: D1 counts every row a statement steps. One statement asks FTS5 for the MAX_RESULTS + 1
// best-ranked matches (`ORDER BY rank LIMIT`, consumed inside FTS5, the tipo as a rowid range),
// each carrying what its result shows, so it steps at most MAX_RESULTS + 1 rows and joins
// nothing, however broad the query and however big the catalogue. Like large search APIs, only
// the first MAX_RESULTS matches by relevance can be listed: `total_results` stops there and
// `total_results_capped` says there were more. The Worker orders those and cuts the page.
import { decodeRowid, kindRange, rowidParam, SEARCH_KIND, type SearchKind } from "../shared/search.ts";
import { prefixQuery } from "./fts.ts";

export const PAGE_SIZE = 20;
/** Matches that can be listed (GitHub's search stops at the same figure). */
export const MAX_RESULTS = 1000;
export const MAX_PAGE = MAX_RESULTS / PAGE_SIZE;
/** Shorter queries are refused: they match most of the catalogue and say little. */
export const MIN_QUERY_CHARS = 2;

export const SEARCH_TIPOS = ["todo", "pelicula", "director", "franquicia", "productora"] as const;
export type SearchTipo = (typeof SEARCH_TIPOS)[number];

/** Kinds each `tipo` covers: a range of SEARCH_KIND, so a rowid range (languages and countries are never listed). */
const KINDS: Record<SearchTipo, [SearchKind, SearchKind]> = {
  todo: ["movie", "company"],
  pelicula: ["movie", "movie"],
  director: ["director", "director"],
  franquicia: ["franchise", "franchise"],
  productora: ["company", "company"],
};

// ?1 = FTS5 query, ?2..?3 = rowid range of the kinds, ?4 = normalised query (exact-name test).
export const SEARCH_SQL = `SELECT rowid, rank AS score, name_key = ?4 AS exact, popularity, name, year, genres
  FROM search_words WHERE search_words MATCH ?1 AND rowid BETWEEN ${rowidParam(2)} AND ${rowidParam(3)}
  ORDER BY rank LIMIT ${MAX_RESULTS + 1}`;

/** One match, as an array (`raw()`): up to 1,001 of them cross from D1 per search, so no per-row keys. */
type Hit = [rowid: number, score: number, exact: number, popularity: number, name: string, year: number | null, genres: string | null];

export type SearchItem =
  | { tipo: "pelicula"; id: number; titulo: string; anio: number; generos: string[] }
  | { tipo: "director" | "franquicia" | "productora"; id: number; nombre: string; cantidad_peliculas: number };

export interface SearchPage { page: number; total_results: number; total_results_capped: boolean; total_pages: number; results: SearchItem[] }

const GROUP_TIPO: Record<number, "director" | "franquicia" | "productora"> = {
  [SEARCH_KIND.director]: "director", [SEARCH_KIND.franchise]: "franquicia", [SEARCH_KIND.company]: "productora",
};

/** Exact name first, then bm25 (lower is better), then popularity, then kind and id (the rowid): a total order. */
function compareHits([rowidA, scoreA, exactA, popA]: Hit, [rowidB, scoreB, exactB, popB]: Hit): number {
  return exactB - exactA || scoreA - scoreB || popB - popA || rowidA - rowidB;
}

function toItem([rowid, , , popularity, name, year, genres]: Hit): SearchItem {
  const { kind, ref } = decodeRowid(rowid);
  if (kind === SEARCH_KIND.movie) {
    return { tipo: "pelicula", id: ref, titulo: name, anio: year ?? 0, generos: JSON.parse(genres ?? "[]") as string[] };
  }
  return { tipo: GROUP_TIPO[kind]!, id: ref, nombre: name, cantidad_peliculas: popularity };
}

/** `key` is the normalised query (src/shared/normalize.ts); `page` is 1..MAX_PAGE. */
export async function searchCatalog(db: D1Database, key: string, tipo: SearchTipo, page: number): Promise<SearchPage> {
  const match = prefixQuery(key);
  // The route refuses queries without MIN_QUERY_CHARS letters or digits, so there is a word.
  if (!match) return { page, total_results: 0, total_results_capped: false, total_pages: 0, results: [] };
  const results = await db.prepare(SEARCH_SQL).bind(match, ...kindRange(...KINDS[tipo]), key).raw<Hit>();
  const hits = results.slice(0, MAX_RESULTS).sort(compareHits);
  return {
    page,
    total_results: hits.length,
    total_results_capped: results.length > MAX_RESULTS,
    total_pages: Math.ceil(hits.length / PAGE_SIZE),
    results: hits.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(toItem),
  };
}
