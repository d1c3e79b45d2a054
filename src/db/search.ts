// /buscar: full-text search over the names in the search index (seed/migrations/0002_search.sql).
// Order: an entry whose whole name is the query first, then bm25 (all words as prefixes), then
// popularity (a movie's votes; a director's, franchise's or company's number of movies), then
// kind and id, so pages are stable. One D1 round trip: a batch of the count and the page.
import { SEARCH_KIND } from "../shared/search.ts";
import { prefixQuery } from "./fts.ts";

export const PAGE_SIZE = 20;
export const MAX_PAGE = 500;

export const SEARCH_TIPOS = ["todo", "pelicula", "director", "franquicia", "productora"] as const;
export type SearchTipo = (typeof SEARCH_TIPOS)[number];

/** Kinds each `tipo` covers, as a range of the rowid's kind bits (languages and countries are never listed). */
const KIND_RANGE: Record<SearchTipo, [number, number]> = {
  todo: [SEARCH_KIND.movie, SEARCH_KIND.company],
  pelicula: [SEARCH_KIND.movie, SEARCH_KIND.movie],
  director: [SEARCH_KIND.director, SEARCH_KIND.director],
  franquicia: [SEARCH_KIND.franchise, SEARCH_KIND.franchise],
  productora: [SEARCH_KIND.company, SEARCH_KIND.company],
};

// ?1 = FTS5 query, ?2..?3 = kind range, ?4 = normalised query (exact-name test), ?5 = offset.
const HITS = `SELECT rowid & 7 AS kind, rowid >> 3 AS ref, bm25(search_words) AS score
  FROM search_words WHERE search_words MATCH ?1 AND (rowid & 7) BETWEEN ?2 AND ?3`;

export const SEARCH_SQL = {
  count: `SELECT count(*) AS total FROM search_words WHERE search_words MATCH ?1 AND (rowid & 7) BETWEEN ?2 AND ?3`,
  // The page is materialised before genres are looked up, so only its 20 movies pay for them.
  page: `WITH hits AS (${HITS}),
  page AS MATERIALIZED (
    SELECT h.kind, h.ref, h.score,
      COALESCE(m.title, d.name, c.name, p.name) AS name,
      m.release_year AS year,
      COALESCE(d.movie_count, c.movie_count, p.movie_count) AS movie_count,
      COALESCE(m.title_key, d.name_key, c.name_key, p.name_key) = ?4 AS exact,
      COALESCE(m.vote_count, d.movie_count, c.movie_count, p.movie_count) AS popularity
    FROM hits h
    LEFT JOIN movies m ON h.kind = ${SEARCH_KIND.movie} AND m.id = h.ref
    LEFT JOIN directors d ON h.kind = ${SEARCH_KIND.director} AND d.id = h.ref
    LEFT JOIN collections c ON h.kind = ${SEARCH_KIND.franchise} AND c.id = h.ref
    LEFT JOIN companies p ON h.kind = ${SEARCH_KIND.company} AND p.id = h.ref
    ORDER BY exact DESC, h.score, popularity DESC, h.kind, h.ref
    LIMIT ${PAGE_SIZE} OFFSET ?5
  )
  SELECT kind, ref, name, year, movie_count,
    CASE WHEN kind = ${SEARCH_KIND.movie} THEN (
      SELECT json_group_array(name) FROM (
        SELECT g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = page.ref ORDER BY mg.ord))
    END AS genres
  FROM page
  ORDER BY exact DESC, score, popularity DESC, kind, ref`,
} as const;

interface HitRow { kind: number; ref: number; name: string; year: number | null; movie_count: number | null; genres: string | null }

export type SearchItem =
  | { tipo: "pelicula"; id: number; titulo: string; anio: number; generos: string[] }
  | { tipo: "director" | "franquicia" | "productora"; id: number; nombre: string; cantidad_peliculas: number };

export interface SearchPage { page: number; total_results: number; total_pages: number; results: SearchItem[] }

const GROUP_TIPO: Record<number, "director" | "franquicia" | "productora"> = {
  [SEARCH_KIND.director]: "director", [SEARCH_KIND.franchise]: "franquicia", [SEARCH_KIND.company]: "productora",
};

function toItem(r: HitRow): SearchItem {
  if (r.kind === SEARCH_KIND.movie) {
    return { tipo: "pelicula", id: r.ref, titulo: r.name, anio: r.year ?? 0, generos: JSON.parse(r.genres ?? "[]") as string[] };
  }
  return { tipo: GROUP_TIPO[r.kind]!, id: r.ref, nombre: r.name, cantidad_peliculas: r.movie_count ?? 0 };
}

/** `key` is the normalised query (src/shared/normalize.ts); `page` is 1..MAX_PAGE. */
export async function searchCatalog(db: D1Database, key: string, tipo: SearchTipo, page: number): Promise<SearchPage> {
  const match = prefixQuery(key);
  // A query with no word in it (only punctuation) matches nothing, and needs no query.
  if (!match) return { page, total_results: 0, total_pages: 0, results: [] };
  const [lo, hi] = KIND_RANGE[tipo];
  const [count, rows] = await db.batch<unknown>([
    db.prepare(SEARCH_SQL.count).bind(match, lo, hi),
    db.prepare(SEARCH_SQL.page).bind(match, lo, hi, key, (page - 1) * PAGE_SIZE),
  ]);
  const total = (count!.results[0] as { total: number }).total;
  return {
    page,
    total_results: total,
    total_pages: Math.min(Math.ceil(total / PAGE_SIZE), MAX_PAGE),
    results: (rows!.results as HitRow[]).map(toItem),
  };
}
