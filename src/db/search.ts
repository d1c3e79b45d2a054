// /buscar: full-text search over the names in the search index (migrations/0002_search.sql).
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
import { decodeRowid, kindRange, MAX_RESULTS, rowidParam, SEARCH_KIND, type SearchKind } from "../shared/search.ts";
import { prefixQuery } from "./fts.ts";

// ?1 = FTS5 query, ?2..?3 = rowid range of the kinds, ?4 = normalised query (exact-name test).
export const SEARCH_SQL = `SELECT rowid, rank AS score, name_key = ?4 AS exact, popularity, name, year, genres
  FROM search_words WHERE search_words MATCH ?1 AND rowid BETWEEN ${rowidParam(2)} AND ${rowidParam(3)}
  ORDER BY rank LIMIT ${MAX_RESULTS + 1}`;

/** One match, as an array (`raw()`): up to 1,001 of them cross from D1 per search, so no per-row keys. */
type Hit = [rowid: number, score: number, exact: number, popularity: number, name: string, year: number | null, genres: string | null];

/** One ranked match, as the route turns it into a result. `popularity`: a movie's votes, a group's number of movies. */
export interface NameMatch {
  kind: SearchKind;
  id: number;
  name: string;
  year: number;
  genres: string[];
  popularity: number;
}

/** The ranked matches (at most MAX_RESULTS of them), `capped` when there were more, and the asked slice of them. */
export interface NameMatches {
  total: number;
  capped: boolean;
  matches: NameMatch[];
}

const KIND_BY_NUMBER = new Map<number, SearchKind>(Object.entries(SEARCH_KIND).map(([kind, n]) => [n, kind as SearchKind]));

/** Exact name first, then bm25 (lower is better), then popularity, then kind and id (the rowid): a total order. */
function compareHits([rowidA, scoreA, exactA, popA]: Hit, [rowidB, scoreB, exactB, popB]: Hit): number {
  return exactB - exactA || scoreA - scoreB || popB - popA || rowidA - rowidB;
}

function toMatch([rowid, , , popularity, name, year, genres]: Hit): NameMatch {
  const { kind, ref } = decodeRowid(rowid);
  return { kind: KIND_BY_NUMBER.get(kind)!, id: ref, name, year: year ?? 0, genres: genres ? (JSON.parse(genres) as string[]) : [], popularity };
}

/**
 * `key` is the normalised query (src/shared/normalize.ts); `kinds` the first and last SEARCH_KIND
 * listed; `offset`/`limit` the slice of the ranked matches to return (only those are decoded).
 */
export async function searchNames(db: D1Database, key: string, kinds: [SearchKind, SearchKind], offset: number, limit: number): Promise<NameMatches> {
  const match = prefixQuery(key);
  // The route refuses queries without MIN_QUERY_CHARS letters or digits, so there is a word.
  if (!match) return { total: 0, capped: false, matches: [] };
  const results = await db
    .prepare(SEARCH_SQL)
    .bind(match, ...kindRange(...kinds), key)
    .raw<Hit>();
  const hits = results.slice(0, MAX_RESULTS).sort(compareHits);
  return { total: hits.length, capped: results.length > MAX_RESULTS, matches: hits.slice(offset, offset + limit).map(toMatch) };
}
