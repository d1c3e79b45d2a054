// Lookups of the named query routes: each is one D1 statement on an index, whose only parameter
// ?1 is the normalised name (src/shared/normalize.ts). The routes run them through
// findOrSuggest (src/db/suggestions.ts), which adds the 404 suggestions in the same round trip.

export interface LanguageRow { code: string; name: string; first_count: number }
export interface CountryRow { code: string; name: string; movie_count: number }
export interface TitleRow { id: number; title: string; runtime: number | null; release_year: number; vote_count: number }
export interface FranchiseRow { name: string; movie_count: number; revenue_total: number }
export interface CompanyRow { name: string; movie_count: number; revenue_total: number }
export interface DirectorMovieRow {
  name: string; return_total: number;
  id: number; title: string; release_year: number; release_date: string; return_ratio: number; budget: number; revenue: number;
}

export const SQL = {
  language: `SELECT l.code, l.name, l.first_count FROM language_aliases a JOIN languages l ON l.code = a.code WHERE a.alias_key = ?1`,
  country: `SELECT c.code, c.name, c.movie_count FROM country_aliases a JOIN countries c ON c.code = a.code WHERE a.alias_key = ?1`,
  titles: `SELECT id, title, runtime, release_year, vote_count FROM movies WHERE title_key = ?1 ORDER BY vote_count DESC, id`,
  franchise: `SELECT name, movie_count, revenue_total FROM collections WHERE name_key = ?1 ORDER BY movie_count DESC LIMIT 1`,
  company: `SELECT name, movie_count, revenue_total FROM companies WHERE name_key = ?1 ORDER BY movie_count DESC LIMIT 1`,
  director: `SELECT d.name, d.return_total, m.id, m.title, m.release_year, m.release_date, m.return_ratio, m.budget, m.revenue
    FROM directors d JOIN movie_directors md ON md.director_id = d.id JOIN movies m ON m.id = md.movie_id
    WHERE d.name_key = ?1 ORDER BY m.release_date, m.id`,
} as const;
