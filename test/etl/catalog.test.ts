// The catalogue tables' precomputed lists (etl/build/catalog.ts, src/shared/catalog-json.ts):
// what the title, director and movie routes read as one row each.
import { describe, expect, it } from "vitest";
import { buildCatalog, type Row, titleRows } from "../../etl/build/catalog.ts";
import { type DirectorMovie, type MovieLinks, TITLE_PART_BYTES, type TitleMovie } from "../../src/shared/catalog-json.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { COUNTRY, cleanMovie, LANGUAGE } from "./clean-movie.ts";

let nextId = 1;
const movie = (m: Partial<CleanMovie>): CleanMovie => cleanMovie(nextId++, { title: "Untitled", ...m });

const sabrina54 = movie({
  id: 6620,
  title: "Sabrina",
  releaseDate: "1954-09-22",
  releaseYear: 1954,
  runtime: 113,
  voteCount: 300,
  budget: 10,
  revenue: 50,
  return: 5,
  directors: [{ id: 1, name: "Billy Wilder" }],
  companies: [{ id: 4, name: "Paramount" }],
  languages: [LANGUAGE.en],
});
const sabrina95 = movie({
  id: 11860,
  title: "SABRINA",
  releaseDate: "1995-12-15",
  releaseYear: 1995,
  runtime: 127,
  voteCount: 300,
  directors: [{ id: 2, name: "Sydney Pollack" }],
  languages: [LANGUAGE.fr, LANGUAGE.en],
  countries: [COUNTRY.DE, COUNTRY.US],
});
const stalag = movie({
  id: 632,
  title: "Stalag 17",
  releaseDate: "1953-05-29",
  releaseYear: 1953,
  voteCount: 400,
  directors: [
    { id: 1, name: "Billy Wilder" },
    { id: 99, name: "billy  wilder" },
  ], // one person twice: one director
  companies: [{ id: 4, name: "Paramount Pictures" }],
  collection: { id: 7, name: "War Collection" },
  genres: [
    { id: 18, name: "Drama" },
    { id: 10752, name: "War" },
  ],
});
const catalog = buildCatalog([sabrina54, sabrina95, stalag], {});
const rows = (name: string): Row[] => catalog.tables.find((t) => t.name === name)!.rows;

describe("titles", () => {
  it("lists every movie of a title (ignoring case) most-voted first, ties to the lower id", () => {
    const sabrina = rows("titles").filter((r) => r.title_key === "sabrina");
    expect(sabrina).toHaveLength(1);
    expect(JSON.parse(String(sabrina[0]!.movies))).toEqual([
      [6620, "Sabrina", 113, 1954, 300],
      [11860, "SABRINA", 127, 1995, 300],
    ] satisfies TitleMovie[]);
    expect(rows("titles").map((r) => r.part)).toEqual([0, 0]);
  });
  it("splits a list longer than TITLE_PART_BYTES into parts that keep the order", () => {
    const many = Array.from({ length: 3000 }, (_, i) => movie({ id: 100_000 + i, title: "The", voteCount: 3000 - i, runtime: 90 }));
    const parts = [...titleRows(many)];
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i));
    for (const p of parts) expect(Buffer.byteLength(String(p.movies))).toBeLessThanOrEqual(TITLE_PART_BYTES);
    const ids = parts.flatMap((p) => (JSON.parse(String(p.movies)) as TitleMovie[]).map(([id]) => id));
    expect(ids).toEqual(many.map((m) => m.id));
  });
});

describe("directors", () => {
  it("is one row per name, keyed by it, with its movies by release date", () => {
    const wilder = rows("directors").find((r) => r.name_key === "billy wilder")!;
    expect(wilder).toMatchObject({ id: 1, name: "Billy Wilder", movie_count: 2, return_total: 5 });
    expect(JSON.parse(String(wilder.movies))).toEqual([
      [632, "Stalag 17", 1953, "1953-05-29", 0, 0, 0],
      [6620, "Sabrina", 1954, "1954-09-22", 5, 10, 50],
    ] satisfies DirectorMovie[]);
    expect(rows("directors")).toHaveLength(2);
  });
});

describe("movies.links", () => {
  const links = (id: number) => JSON.parse(String(rows("movies").find((r) => r.id === id)!.links)) as MovieLinks;
  it("lists what the movie links to in the dataset's order, under each entity's own name", () => {
    expect(links(11860)).toEqual({
      collection: null,
      genres: [],
      companies: [],
      countries: [
        ["DE", "Germany"],
        ["US", "United States of America"],
      ],
      languages: [
        ["fr", "Français"],
        ["en", "English"],
      ],
      directors: [[2, "Sydney Pollack"]],
    } satisfies MovieLinks);
    // Company 4 is spelled two ways: both movies show the companies table's name for it.
    const company = rows("companies").find((r) => r.id === 4)!.name;
    expect(links(632).companies).toEqual([[4, company]]);
    expect(links(6620).companies).toEqual([[4, company]]);
    expect(links(632)).toMatchObject({
      collection: [7, "War Collection"],
      genres: [
        [18, "Drama"],
        [10752, "War"],
      ],
      directors: [[1, "Billy Wilder"]],
    });
  });
  it("agrees with the link tables, which are keyed by what a filter asks for first", () => {
    const byMovie = (table: string, column: string) =>
      rows(table)
        .filter((r) => r.movie_id === 632)
        .map((r) => r[column]);
    expect(byMovie("movie_genres", "genre_id")).toEqual(links(632).genres.map(([id]) => id));
    expect(byMovie("movie_directors", "director_id")).toEqual(links(632).directors.map(([id]) => id));
    expect(catalog.tables.find((t) => t.name === "movie_genres")!.key).toEqual(["genre_id", "movie_id"]);
    expect(catalog.tables.find((t) => t.name === "movie_languages")!.key).toEqual(["language_code", "ord", "movie_id"]);
    expect(catalog.tables.find((t) => t.name === "companies")!.key).toEqual(["name_key", "movie_count", "id"]);
  });
});
