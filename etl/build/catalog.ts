// Turns cleaned movies into the rows of the D1 schema (seed/migrations), with the aggregates
// each route answers with precomputed, and the alias tables for languages and countries.
import { normalizeName } from "../../src/shared/normalize.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { aliasKeys, displayName } from "./aliases.ts";
import { buildSearchTables } from "./search.ts";

export type Row = Record<string, string | number | null>;
/** One table of the schema: its rows, and the columns of its primary key (for diffs). */
export interface Table { name: string; columns: string[]; key: string[]; rows: Row[] }

/** Most frequent value (first seen wins a tie): the dataset spells some names several ways. */
export class NameVotes {
  private votes = new Map<string, Map<string, number>>();
  add(key: string | number, name: string) {
    const k = String(key);
    let m = this.votes.get(k);
    if (!m) this.votes.set(k, (m = new Map()));
    m.set(name, (m.get(name) ?? 0) + 1);
  }
  best(key: string | number): string | undefined {
    let best: string | undefined;
    let n = 0;
    for (const [name, c] of this.votes.get(String(key)) ?? []) if (c > n) { best = name; n = c; }
    return best;
  }
}

export interface Catalog { tables: Table[]; counts: Record<string, number> }

export function buildCatalog(movies: CleanMovie[], meta: Record<string, string>): Catalog {
  const collections = new Map<number, { name: string; count: number; revenue: number }>();
  const genres = new Map<number, string>();
  const companyNames = new NameVotes();
  const countryNames = new NameVotes();
  const languageNames = new NameVotes();
  type Director = { id: number; name: string; key: string; count: number; ret: number };
  const directorByKey = new Map<string, Director>();
  const directorByPerson = new Map<number, Director>();

  const movieRows: Row[] = [];
  const movieGenres: Row[] = [];
  const movieCompanies: Row[] = [];
  const movieCountries: Row[] = [];
  const movieLanguages: Row[] = [];
  const movieDirectors: Row[] = [];
  const companyMovies = new Map<number, CleanMovie[]>();
  const countryCount = new Map<string, number>();
  const firstLanguageCount = new Map<string, number>();

  for (const m of movies) {
    movieRows.push({
      id: m.id, title: m.title, title_key: normalizeName(m.title), release_date: m.releaseDate,
      release_year: m.releaseYear, budget: m.budget, revenue: m.revenue, return_ratio: m.return,
      runtime: m.runtime, popularity: m.popularity, vote_average: m.voteAverage, vote_count: m.voteCount,
      original_language: m.originalLanguage, overview: m.overview, collection_id: m.collection?.id ?? null,
    });
    if (m.collection) {
      const c = collections.get(m.collection.id) ?? { name: m.collection.name, count: 0, revenue: 0 };
      c.count++;
      c.revenue += m.revenue;
      collections.set(m.collection.id, c);
    }
    m.genres.forEach((g, ord) => {
      if (!genres.has(g.id)) genres.set(g.id, g.name);
      movieGenres.push({ movie_id: m.id, genre_id: g.id, ord });
    });
    m.companies.forEach((c, ord) => {
      companyNames.add(c.id, c.name);
      movieCompanies.push({ movie_id: m.id, company_id: c.id, ord });
      const list = companyMovies.get(c.id) ?? [];
      list.push(m);
      companyMovies.set(c.id, list);
    });
    m.countries.forEach((c, ord) => {
      countryNames.add(c.code, c.name);
      movieCountries.push({ movie_id: m.id, country_code: c.code, ord });
      countryCount.set(c.code, (countryCount.get(c.code) ?? 0) + 1);
    });
    m.languages.forEach((l, ord) => {
      languageNames.add(l.code, l.name);
      movieLanguages.push({ movie_id: m.id, language_code: l.code, ord });
    });
    const first = m.languages[0];
    if (first) firstLanguageCount.set(first.code, (firstLanguageCount.get(first.code) ?? 0) + 1);
    // Directors are grouped by name: one person can carry two person ids in the dataset.
    const seen = new Set<number>();
    m.directors.forEach((d) => {
      const key = normalizeName(d.name);
      // Same name, or same person id under another spelling: one director.
      let dir = directorByKey.get(key) ?? directorByPerson.get(d.id);
      if (!dir) directorByKey.set(key, (dir = { id: d.id, name: d.name, key, count: 0, ret: 0 }));
      directorByPerson.set(d.id, dir);
      if (seen.has(dir.id)) return;
      seen.add(dir.id);
      dir.count++;
      dir.ret += m.return;
      movieDirectors.push({ movie_id: m.id, director_id: dir.id, ord: seen.size - 1 });
    });
  }

  // Company aggregates are per name: a movie counts once even if two same-named ids list it.
  const companyRows: Row[] = [];
  const byCompanyKey = new Map<string, Set<CleanMovie>>();
  const companyKey = new Map<number, string>();
  for (const [id, list] of companyMovies) {
    const key = normalizeName(companyNames.best(id) ?? "");
    companyKey.set(id, key);
    const set = byCompanyKey.get(key) ?? new Set();
    list.forEach((m) => set.add(m));
    byCompanyKey.set(key, set);
  }
  for (const [id] of companyMovies) {
    const key = companyKey.get(id)!;
    const set = byCompanyKey.get(key)!;
    let revenue = 0;
    for (const m of set) revenue += m.revenue;
    companyRows.push({ id, name: companyNames.best(id)!, name_key: key, movie_count: set.size, revenue_total: revenue });
  }

  const countryRows: Row[] = [];
  const countryAliases = new Map<string, string>();
  for (const [code, count] of countryCount) {
    const datasetName = countryNames.best(code);
    countryRows.push({ code, name: displayName("region", code, datasetName), movie_count: count });
    for (const k of aliasKeys("region", code, datasetName)) if (!countryAliases.has(k)) countryAliases.set(k, code);
  }

  const languageRows: Row[] = [];
  const languageAliases = new Map<string, string>();
  const languageCodes = new Set(movieLanguages.map((r) => r.language_code as string));
  for (const code of languageCodes) {
    const datasetName = languageNames.best(code);
    languageRows.push({ code, name: displayName("language", code, datasetName), first_count: firstLanguageCount.get(code) ?? 0 });
    for (const k of aliasKeys("language", code, datasetName)) if (!languageAliases.has(k)) languageAliases.set(k, code);
  }

  const metaRows: Row[] = Object.entries(meta).map(([key, value]) => ({ key, value }));
  const table = (name: string, key: string[], rows: Row[], columns = Object.keys(rows[0] ?? {})): Table => ({ name, key, columns, rows });
  const id = ["id"];
  const tables: Table[] = [
    table("dataset_meta", ["key"], metaRows, ["key", "value"]),
    table("collections", id, [...collections].map(([id, c]) => ({
      id, name: c.name, name_key: normalizeName(c.name), movie_count: c.count, revenue_total: c.revenue,
    }))),
    table("movies", id, movieRows),
    table("genres", id, [...genres].map(([id, name]) => ({ id, name, name_key: normalizeName(name) }))),
    table("movie_genres", ["movie_id", "genre_id"], movieGenres, ["movie_id", "genre_id", "ord"]),
    table("companies", id, companyRows),
    table("movie_companies", ["movie_id", "company_id"], movieCompanies, ["movie_id", "company_id", "ord"]),
    table("countries", ["code"], countryRows, ["code", "name", "movie_count"]),
    table("country_aliases", ["alias_key"], [...countryAliases].map(([alias_key, code]) => ({ alias_key, code })), ["alias_key", "code"]),
    table("movie_countries", ["movie_id", "country_code"], movieCountries, ["movie_id", "country_code", "ord"]),
    table("languages", ["code"], languageRows, ["code", "name", "first_count"]),
    table("language_aliases", ["alias_key"], [...languageAliases].map(([alias_key, code]) => ({ alias_key, code })), ["alias_key", "code"]),
    table("movie_languages", ["movie_id", "language_code"], movieLanguages, ["movie_id", "language_code", "ord"]),
    table("directors", id, [...directorByKey.values()].map((d) => ({
      id: d.id, name: d.name, name_key: d.key, movie_count: d.count, return_total: d.ret,
    })), ["id", "name", "name_key", "movie_count", "return_total"]),
    table("movie_directors", ["movie_id", "director_id"], movieDirectors, ["movie_id", "director_id", "ord"]),
  ];
  tables.push(...buildSearchTables(tables)); // the search index over the names above (last: nothing refers to it)
  const counts = Object.fromEntries(tables.map((t) => [t.name, t.rows.length]));
  return { tables, counts };
}
