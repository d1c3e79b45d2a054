// Lookups of the named query routes: each is one D1 statement on an index, whose only parameter
// ?1 is the normalised name (src/shared/normalize.ts), and each steps through at most a few rows
// (D1 bills every row a statement steps, index entries included): lists come from JSON columns
// (src/shared/catalog-json.ts), never from one row per item. The routes run them through
// findOrSuggest (src/db/suggestions.ts), which adds the 404 suggestions in the same round trip.
import type { DirectorMovie, TitleMovie } from "../shared/catalog-json.ts";

export interface LanguageRow {
  code: string;
  name: string;
  first_count: number;
}
export interface CountryRow {
  code: string;
  name: string;
  movie_count: number;
}
/** One part of a title's list (titles.movies): the lookup returns the parts in order. */
export interface TitlePartRow {
  movies: string;
}
export interface TitleRow {
  id: number;
  title: string;
  runtime: number | null;
  release_year: number;
  vote_count: number;
}
export interface FranchiseRow {
  name: string;
  movie_count: number;
  revenue_total: number;
}
export interface CompanyRow {
  name: string;
  movie_count: number;
  revenue_total: number;
}
export interface DirectorRow {
  name: string;
  return_total: number;
  movies: string;
}
export interface DirectorMovieRow {
  id: number;
  title: string;
  release_year: number;
  release_date: string;
  return_ratio: number;
  budget: number;
  revenue: number;
}

export const SQL = {
  language: `SELECT l.code, l.name, l.first_count FROM language_aliases a JOIN languages l ON l.code = a.code WHERE a.alias_key = ?1`,
  country: `SELECT c.code, c.name, c.movie_count FROM country_aliases a JOIN countries c ON c.code = a.code WHERE a.alias_key = ?1`,
  titles: `SELECT movies FROM titles WHERE title_key = ?1 ORDER BY part`,
  franchise: `SELECT name, movie_count, revenue_total FROM collections WHERE name_key = ?1 ORDER BY movie_count DESC, id LIMIT 1`,
  company: `SELECT name, movie_count, revenue_total FROM companies WHERE name_key = ?1 ORDER BY movie_count DESC, id LIMIT 1`,
  director: `SELECT name, return_total, movies FROM directors WHERE name_key = ?1`,
} as const;

/** Every movie with the title of these parts, most-voted first, then lowest id. */
export function titleMovies(parts: TitlePartRow[]): [TitleRow, ...TitleRow[]] {
  const list = parts.flatMap((p) => JSON.parse(p.movies) as TitleMovie[]);
  return list.map(([id, title, runtime, release_year, vote_count]) => ({ id, title, runtime, release_year, vote_count })) as [TitleRow, ...TitleRow[]];
}

/** A director's movies by release date. */
export function directorMovies(row: DirectorRow): DirectorMovieRow[] {
  return (JSON.parse(row.movies) as DirectorMovie[]).map(([id, title, release_year, release_date, return_ratio, budget, revenue]) => ({
    id,
    title,
    release_year,
    release_date,
    return_ratio,
    budget,
    revenue,
  }));
}
