// Shapes shared by the ETL (which writes them) and the Worker (which reads them).

export interface Named {
  id: number;
  name: string;
}
export interface Coded {
  code: string;
  name: string;
}

/** A movie after the cleaning rules (docs/design.md rules 1-6). */
export interface CleanMovie {
  id: number;
  title: string;
  /** YYYY-MM-DD, always valid (rows without one are rejected). */
  releaseDate: string;
  releaseYear: number;
  budget: number;
  revenue: number;
  /** revenue / budget when budget > 0, else 0. */
  return: number;
  runtime: number | null;
  popularity: number;
  voteAverage: number;
  voteCount: number;
  overview: string;
  originalLanguage: string;
  collection: Named | null;
  genres: Named[];
  companies: Named[];
  /** ISO 3166-1 code + dataset name. */
  countries: Coded[];
  /** ISO 639-1 code + dataset name, order kept (the first one is "the" language). */
  languages: Coded[];
  /** Crew entries with job == "Director", one per person, order kept. */
  directors: Named[];
}

/**
 * One recommended movie as stored in KV and served by /recomendacion and /peliculas/{id}:
 * `terminos`, the terms that contribute most to the similarity, largest first (etl/recommender/explain.ts).
 */
export interface Neighbour {
  id: number;
  titulo: string;
  anio: number;
  similitud: number;
  terminos: string[];
}

/** A neighbour as the ETL computes it: id, cosine similarity, and the terms explaining it. */
export interface ScoredNeighbour {
  id: number;
  sim: number;
  terms?: string[];
}

/**
 * One movie inside a KV recommendation shard, keyed there by its normalised title; a title's
 * movies are listed most-voted first (then lowest id), the order the title routes pick by. Votes
 * themselves are left out, so a change of votes alone does not rewrite the shard.
 */
export interface ShardMovie {
  id: number;
  titulo: string;
  anio: number;
  recs: Neighbour[];
}

/**
 * A title with too many movies for one shard entry (SPLIT_TITLE_BYTES, src/shared/shard.ts): the entry names its
 * most voted movie and its years; each year's most voted movie is under yearEntryKey, every
 * movie under movieEntryKey, each in the shard its own key hashes to.
 */
export interface SplitTitle {
  anios: number[];
  primero: ShardMovie;
}

/** A KV shard: normalised title -> the movies that carry it (or, for a split title, where they are). */
export type RecShard = Record<string, ShardMovie[] | SplitTitle | ShardMovie>;
