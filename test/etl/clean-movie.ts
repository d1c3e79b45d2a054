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

/** Spoken languages and production countries as the dataset names them, for the fixtures' lists. */
export const LANGUAGE = { en: { code: "en", name: "English" }, fr: { code: "fr", name: "Français" } };
export const COUNTRY = {
  BE: { code: "BE", name: "Belgium" },
  DE: { code: "DE", name: "Germany" },
  FR: { code: "FR", name: "France" },
  US: { code: "US", name: "United States of America" },
};
