// A cleaned movie for hand-made catalogues: every field at a neutral value, the test's own
// fields on top.
import type { CleanMovie } from "../../src/shared/types.ts";

export const cleanMovie = (id: number, over: Partial<CleanMovie> = {}): CleanMovie => ({
  id,
  title: `Movie ${id}`,
  releaseDate: "2000-01-01",
  releaseYear: 2000,
  budget: 0,
  revenue: 0,
  return: 0,
  runtime: null,
  popularity: 0,
  voteAverage: 0,
  voteCount: 0,
  overview: "",
  originalLanguage: "en",
  collection: null,
  genres: [],
  companies: [],
  countries: [],
  languages: [],
  directors: [],
  ...over,
});
