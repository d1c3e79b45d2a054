// The search index rows (etl/build/search.ts): stable rowids, one entry per name a route
// answers, aliases for languages and countries, what a /buscar result shows, padded trigram text.
import { describe, expect, it } from "vitest";
import { type ListedTable, listRows, type Row } from "../../etl/build/catalog.ts";
import { buildSearchTables } from "../../etl/build/search.ts";
import { codeRef, decodeRowid, kindRange, SEARCH_KIND, searchRowid } from "../../src/shared/search.ts";

const t = (name: string, rows: Row[]): ListedTable => ({ name, columns: Object.keys(rows[0] ?? {}), key: [], rows });
const catalog: ListedTable[] = [
  t("movies", [
    { id: 862, title: "Toy Story", title_key: "toy story", release_year: 1995, vote_count: 5415 },
    { id: 194, title: "Amélie", title_key: "amelie", release_year: 2001, vote_count: 3403 },
  ]),
  // A movie's genres (in its own order) come from movie_genres, which lists the movies in the movies table's order.
  t("genres", [
    { id: 16, name: "Animation", name_key: "animation", movie_count: 1 },
    { id: 35, name: "Comedy", name_key: "comedy", movie_count: 1 },
  ]),
  t("movie_genres", [
    { genre_id: 16, movie_id: 862, ord: 0 },
    { genre_id: 35, movie_id: 862, ord: 1 },
  ]),
  t("directors", [{ id: 7879, name: "John Lasseter", name_key: "john lasseter", movie_count: 3 }]),
  t("collections", [
    { id: 10194, name: "Toy Story Collection", name_key: "toy story collection", movie_count: 3 },
    { id: 99, name: "Toy story collection", name_key: "toy story collection", movie_count: 1 },
  ]),
  t("companies", [
    { id: 7, name: "Pixar", name_key: "pixar", movie_count: 2 },
    { id: 3, name: "Pixar", name_key: "pixar", movie_count: 2 },
    { id: 4, name: "Paramount Pictures", name_key: "paramount pictures", movie_count: 1 },
  ]),
  t("languages", [{ code: "ja", name: "日本語", first_count: 5 }]),
  t("language_aliases", [
    { alias_key: "ja", code: "ja" },
    { alias_key: "日本語", code: "ja" },
    { alias_key: "japanese", code: "ja" },
    { alias_key: "japones", code: "ja" },
  ]),
  t("countries", [{ code: "US", name: "United States of America", movie_count: 40 }]),
  t("country_aliases", [
    { alias_key: "us", code: "US" },
    { alias_key: "united states of america", code: "US" },
    { alias_key: "estados unidos", code: "US" },
  ]),
];

describe("buildSearchTables", () => {
  const [words, trigrams] = buildSearchTables(catalog).map((table) => ({ ...table, rows: listRows(table) }));
  const byRowid = new Map(words!.rows.map((r) => [r.rowid, r]));

  it("keys every entry by kind * 2^40 + entity id, so each kind is a rowid range", () => {
    expect(words!.name).toBe("search_words");
    expect(words!.key).toEqual(["rowid"]);
    expect(searchRowid("movie", 862)).toBe(SEARCH_KIND.movie * 2 ** 40 + 862);
    expect(decodeRowid(searchRowid("company", 3))).toEqual({ kind: SEARCH_KIND.company, ref: 3 });
    for (const r of words!.rows) {
      const kind = Object.keys(SEARCH_KIND).find((k) => SEARCH_KIND[k as keyof typeof SEARCH_KIND] === decodeRowid(r.rowid as number).kind);
      const [lo, hi] = kindRange(kind as keyof typeof SEARCH_KIND);
      expect(r.rowid as number).toBeGreaterThanOrEqual(lo);
      expect(r.rowid as number).toBeLessThanOrEqual(hi);
    }
    expect(kindRange("movie", "company")).toEqual([kindRange("movie")[0], kindRange("company")[1]]);
    expect(() => searchRowid("movie", 2 ** 40)).toThrow(/out of range/);
    expect(byRowid.get(searchRowid("director", 7879))?.name).toBe("John Lasseter");
    expect(byRowid.get(searchRowid("language", codeRef("ja")))).toMatchObject({ name: "日本語", aliases: "ja | japanese | japones" });
    expect(byRowid.get(searchRowid("country", codeRef("US")))?.aliases).toBe("us | estados unidos");
  });
  it("carries what a /buscar result shows and sorts by", () => {
    expect(byRowid.get(searchRowid("movie", 862))).toEqual({
      rowid: searchRowid("movie", 862),
      name: "Toy Story",
      aliases: "",
      name_key: "toy story",
      popularity: 5415,
      year: 1995,
      genres: '["Animation","Comedy"]',
    });
    expect(byRowid.get(searchRowid("director", 7879))).toMatchObject({ name_key: "john lasseter", popularity: 3, year: null, genres: null });
    expect(byRowid.get(searchRowid("franchise", 10194))).toMatchObject({ name_key: "toy story collection", popularity: 3 });
    expect(byRowid.get(searchRowid("language", codeRef("ja")))).toMatchObject({ name_key: "日本語", popularity: null });
    expect(words!.columns).toEqual(["rowid", "name", "aliases", "name_key", "popularity", "year", "genres"]);
  });
  it("indexes a franchise or company name once, under the id its route answers with", () => {
    const names = words!.rows.map((r) => r.name);
    expect(names.filter((n) => n === "Pixar")).toHaveLength(1);
    expect(byRowid.has(searchRowid("company", 3))).toBe(true); // tie on movies: lowest id
    expect(byRowid.has(searchRowid("franchise", 10194))).toBe(true); // most movies
    expect(byRowid.has(searchRowid("franchise", 99))).toBe(false);
    expect(words!.rows).toHaveLength(2 + 1 + 1 + 2 + 1 + 1 + 2); // movies, director, franchise, companies, language, country, genres
  });
  it("gives both tables the same rowids, sorted, the trigram text padded with spaces", () => {
    const ids = words!.rows.map((r) => r.rowid as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(trigrams!.rows.map((r) => r.rowid)).toEqual(ids);
    const toy = trigrams!.rows.find((r) => r.rowid === searchRowid("movie", 862));
    expect(toy).toEqual({ rowid: searchRowid("movie", 862), name: " Toy Story ", aliases: "" });
    expect(trigrams!.columns).toEqual(["rowid", "name", "aliases"]);
    expect(trigrams!.rows.find((r) => r.rowid === searchRowid("language", codeRef("ja")))?.aliases).toBe(" ja | japanese | japones ");
  });
  it("is deterministic: same catalogue, same rows", () => {
    const rows = () => buildSearchTables(catalog).map(listRows);
    expect(rows()).toEqual(rows());
  });
});
