// Lists the ETL precomputes as JSON columns, so that a route reads one row instead of one row per
// item: D1 bills rows read and written, not bytes (migrations/0001_init.sql). The ETL
// (etl/build/catalog.ts) writes them and the Worker (src/db/lookups.ts, src/db/movies.ts) reads
// them. Items are tuples, not objects: a title shared by thousands of synthetic movies must still
// fit a 100 KB SQL statement (see TITLE_PART_BYTES).

/** titles.movies: every movie with that title, most-voted first, then lowest id. */
export type TitleMovie = [id: number, title: string, runtime: number | null, releaseYear: number, voteCount: number];

/** directors.movies: the director's movies by release date, then id. */
export type DirectorMovie = [id: number, title: string, releaseYear: number, releaseDate: string, returnRatio: number, budget: number, revenue: number];

/** movies.links: everything the movie is linked to, each list in the dataset's order. */
export interface MovieLinks {
  collection: [id: number, name: string] | null;
  genres: [id: number, name: string][];
  companies: [id: number, name: string][];
  countries: [code: string, name: string][];
  languages: [code: string, name: string][];
  directors: [id: number, name: string][];
}

/**
 * A title's list is split into rows of at most this many bytes of JSON (titles.part 0, 1, ...):
 * one row for any real title, a few for the synthetic catalogues' one-word titles ("the" names
 * ~1,250 of 45k synthetic movies), and every row stays under D1's 100 KB statement limit.
 */
export const TITLE_PART_BYTES = 60_000;
