// /peliculas/{id}: one movie's whole cleaned record, one row read: its links (collection, genres,
// companies, countries, spoken languages, directors, each list in the dataset's order) are the
// precomputed movies.links column (src/shared/catalog-json.ts), not joins over the link tables.
import type { MovieLinks } from "../shared/catalog-json.ts";

export interface MovieRecord {
  id: number;
  title: string;
  title_key: string;
  release_date: string;
  release_year: number;
  budget: number;
  revenue: number;
  return_ratio: number;
  runtime: number | null;
  popularity: number;
  vote_average: number;
  vote_count: number;
  original_language: string;
  overview: string;
  links: MovieLinks;
}

export const MOVIE_SQL = `SELECT id, title, title_key, release_date, release_year, budget, revenue, return_ratio, runtime,
    popularity, vote_average, vote_count, original_language, overview, links
  FROM movies WHERE id = ?1`;

export async function findMovie(db: D1Database, id: number): Promise<MovieRecord | null> {
  const row = await db.prepare(MOVIE_SQL).bind(id).first<Omit<MovieRecord, "links"> & { links: string }>();
  return row && { ...row, links: JSON.parse(row.links) as MovieLinks };
}
