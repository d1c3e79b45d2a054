// Turns cleaned movies into the rows of the D1 schema (migrations), with the aggregates
// each route answers with precomputed, the lists a route shows as JSON columns (one row read
// instead of one per item: src/shared/catalog-json.ts), and the alias tables for languages and
// countries.
import type { DirectorMovie, MovieLinks, TitleMovie } from "../../src/shared/catalog-json.ts";
import { TITLE_PART_BYTES } from "../../src/shared/catalog-json.ts";
import { franchiseKey, normalizeName } from "../../src/shared/normalize.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { aliasKeys, displayName } from "./aliases.ts";
import { buildDiscoverTables } from "./discover.ts";
import { buildSearchTables } from "./search.ts";

export type Row = Record<string, string | number | null>;
/** One table of the schema: its rows, and the columns of its primary key (for diffs). */
export interface Table {
  name: string;
  columns: string[];
  key: string[];
  rows: Row[];
}

/** Most frequent value (first seen wins a tie): the dataset spells some names several ways. */
export class NameVotes {
  private votes = new Map<string, Map<string, number>>();
  add(key: string | number, name: string) {
    const k = String(key);
    let m = this.votes.get(k);
    if (!m) {
      m = new Map();
      this.votes.set(k, m);
    }
    m.set(name, (m.get(name) ?? 0) + 1);
  }
  best(key: string | number): string | undefined {
    let best: string | undefined;
    let n = 0;
    for (const [name, c] of this.votes.get(String(key)) ?? [])
      if (c > n) {
        best = name;
        n = c;
      }
    return best;
  }
}

export interface Catalog {
  tables: Table[];
  counts: Record<string, number>;
}

/** movies.genre_mask: bits 0..52, so that a mask is an exact JavaScript number as well as a SQLite integer. */
const MAX_GENRE_BITS = 53;

export function buildCatalog(movies: CleanMovie[], meta: Record<string, string>): Catalog {
  const collections = new Map<number, { name: string; count: number; revenue: number }>();
  const genres = new Map<number, string>();
  const companyNames = new NameVotes();
  const countryNames = new NameVotes();
  const languageNames = new NameVotes();
  type Director = { id: number; name: string; key: string; count: number; ret: number; movies: CleanMovie[] };
  const directorByKey = new Map<string, Director>();
  const directorByPerson = new Map<number, Director>();

  const movieRows: Row[] = [];
  /** Per movie, its directors (grouped by name) in credit order, for movies.links. */
  const movieDirectorGroups = new Map<number, Director[]>();
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
      id: m.id,
      title: m.title,
      title_key: normalizeName(m.title),
      release_date: m.releaseDate,
      release_year: m.releaseYear,
      budget: m.budget,
      revenue: m.revenue,
      return_ratio: m.return,
      runtime: m.runtime,
      popularity: m.popularity,
      vote_average: m.voteAverage,
      vote_count: m.voteCount,
      original_language: m.originalLanguage,
      overview: m.overview,
      collection_id: m.collection?.id ?? null,
      genre_mask: 0,
      language: m.languages[0]?.code ?? null, // genre_mask: below, once every genre has its bit
      links: "", // filled in below, once every linked name is final
    });
    if (m.collection) {
      const c = collections.get(m.collection.id) ?? { name: m.collection.name, count: 0, revenue: 0 };
      c.count++;
      c.revenue += m.revenue;
      collections.set(m.collection.id, c);
    }
    m.genres.forEach((g, ord) => {
      if (!genres.has(g.id)) genres.set(g.id, g.name);
      movieGenres.push({ genre_id: g.id, movie_id: m.id, ord });
    });
    m.companies.forEach((c, ord) => {
      companyNames.add(c.id, c.name);
      movieCompanies.push({ company_id: c.id, movie_id: m.id, ord });
      const list = companyMovies.get(c.id) ?? [];
      list.push(m);
      companyMovies.set(c.id, list);
    });
    m.countries.forEach((c, ord) => {
      countryNames.add(c.code, c.name);
      movieCountries.push({ country_code: c.code, movie_id: m.id, ord });
      countryCount.set(c.code, (countryCount.get(c.code) ?? 0) + 1);
    });
    m.languages.forEach((l, ord) => {
      languageNames.add(l.code, l.name);
      movieLanguages.push({ language_code: l.code, ord, movie_id: m.id });
    });
    const first = m.languages[0];
    if (first) firstLanguageCount.set(first.code, (firstLanguageCount.get(first.code) ?? 0) + 1);
    // Directors are grouped by name: one person can carry two person ids in the dataset.
    const seen = new Set<number>();
    m.directors.forEach((d) => {
      const key = normalizeName(d.name);
      // Same name, or same person id under another spelling: one director.
      let dir = directorByKey.get(key) ?? directorByPerson.get(d.id);
      if (!dir) {
        dir = { id: d.id, name: d.name, key, count: 0, ret: 0, movies: [] };
        directorByKey.set(key, dir);
      }
      directorByPerson.set(d.id, dir);
      if (seen.has(dir.id)) return;
      seen.add(dir.id);
      dir.count++;
      dir.ret += m.return;
      dir.movies.push(m);
      movieDirectors.push({ director_id: dir.id, movie_id: m.id, ord: seen.size - 1 });
      const groups = movieDirectorGroups.get(m.id) ?? [];
      groups.push(dir);
      movieDirectorGroups.set(m.id, groups);
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
    for (const m of list) set.add(m);
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

  // Genre bits, by id: movies.genre_mask holds a movie's genres for /descubrir's filters.
  const genreIds = [...genres.keys()].sort((a, b) => a - b);
  if (genreIds.length > MAX_GENRE_BITS) throw new Error(`${genreIds.length} genres: movies.genre_mask holds at most ${MAX_GENRE_BITS}`);
  const genreBit = new Map(genreIds.map((id, bit) => [id, bit]));
  const genreCount = new Map<number, number>();
  for (const r of movieGenres) genreCount.set(r.genre_id as number, (genreCount.get(r.genre_id as number) ?? 0) + 1);

  // movies.links: every linked entity under the name its own table shows.
  const companyName = new Map(companyRows.map((r) => [r.id as number, r.name as string]));
  const countryName = new Map(countryRows.map((r) => [r.code as string, r.name as string]));
  const languageName = new Map(languageRows.map((r) => [r.code as string, r.name as string]));
  movies.forEach((m, i) => {
    const links: MovieLinks = {
      collection: m.collection ? [m.collection.id, collections.get(m.collection.id)!.name] : null,
      genres: m.genres.map((g) => [g.id, genres.get(g.id)!]),
      companies: m.companies.map((c) => [c.id, companyName.get(c.id)!]),
      countries: m.countries.map((c) => [c.code, countryName.get(c.code)!]),
      languages: m.languages.map((l) => [l.code, languageName.get(l.code)!]),
      directors: (movieDirectorGroups.get(m.id) ?? []).map((d) => [d.id, d.name]),
    };
    movieRows[i]!.links = JSON.stringify(links);
    movieRows[i]!.genre_mask = [...new Set(m.genres.map((g) => genreBit.get(g.id)!))].reduce((mask, bit) => mask + 2 ** bit, 0);
  });

  const metaRows: Row[] = Object.entries(meta).map(([key, value]) => ({ key, value }));
  const table = (name: string, key: string[], rows: Row[], columns = Object.keys(rows[0] ?? {})): Table => ({ name, key, columns, rows });
  const id = ["id"];
  const tables: Table[] = [
    table("dataset_meta", ["key"], metaRows, ["key", "value"]),
    // Keyed (and diffed by a reseed) in the order the franchise and company routes look them up.
    table(
      "collections",
      ["name_key", "movie_count", "id"],
      [...collections].map(([id, c]) => ({
        name_key: franchiseKey(c.name),
        movie_count: c.count,
        id,
        name: c.name,
        revenue_total: c.revenue,
      })),
    ),
    table("movies", id, movieRows),
    table("titles", ["title_key", "part"], titleRows(movies), ["title_key", "part", "movies"]),
    table(
      "genres",
      id,
      genreIds.map((id) => ({
        id,
        name: genres.get(id)!,
        name_key: normalizeName(genres.get(id)!),
        bit: genreBit.get(id)!,
        movie_count: genreCount.get(id) ?? 0,
      })),
      ["id", "name", "name_key", "bit", "movie_count"],
    ),
    table("movie_genres", ["genre_id", "movie_id"], movieGenres, ["genre_id", "movie_id", "ord"]),
    table("companies", ["name_key", "movie_count", "id"], companyRows, ["name_key", "movie_count", "id", "name", "revenue_total"]),
    table("movie_companies", ["company_id", "movie_id"], movieCompanies, ["company_id", "movie_id", "ord"]),
    table("countries", ["code"], countryRows, ["code", "name", "movie_count"]),
    table(
      "country_aliases",
      ["alias_key"],
      [...countryAliases].map(([alias_key, code]) => ({ alias_key, code })),
      ["alias_key", "code"],
    ),
    table("movie_countries", ["country_code", "movie_id"], movieCountries, ["country_code", "movie_id", "ord"]),
    table("languages", ["code"], languageRows, ["code", "name", "first_count"]),
    table(
      "language_aliases",
      ["alias_key"],
      [...languageAliases].map(([alias_key, code]) => ({ alias_key, code })),
      ["alias_key", "code"],
    ),
    table("movie_languages", ["language_code", "ord", "movie_id"], movieLanguages, ["language_code", "ord", "movie_id"]),
    table(
      "directors",
      ["name_key"],
      [...directorByKey.values()].map((d) => ({
        name_key: d.key,
        id: d.id,
        name: d.name,
        movie_count: d.count,
        return_total: d.ret,
        movies: directorMovies(d.movies),
      })),
      ["name_key", "id", "name", "movie_count", "return_total", "movies"],
    ),
    table("movie_directors", ["director_id", "movie_id"], movieDirectors, ["director_id", "movie_id", "ord"]),
  ];
  tables.push(...buildDiscoverTables(tables));
  tables.push(...buildSearchTables(tables)); // the search index over the names above (last: nothing refers to it)
  const counts = Object.fromEntries(tables.map((t) => [t.name, t.rows.length]));
  return { tables, counts };
}

/** directors.movies: by release date, then id. */
function directorMovies(list: CleanMovie[]): string {
  const sorted = [...list].sort((a, b) => (a.releaseDate < b.releaseDate ? -1 : a.releaseDate > b.releaseDate ? 1 : a.id - b.id));
  return JSON.stringify(sorted.map((m): DirectorMovie => [m.id, m.title, m.releaseYear, m.releaseDate, m.return, m.budget, m.revenue]));
}

/** titles rows: each title's movies, most-voted first, then lowest id, in parts of at most TITLE_PART_BYTES. */
export function titleRows(movies: CleanMovie[]): Row[] {
  const byKey = new Map<string, CleanMovie[]>();
  for (const m of movies) {
    const key = normalizeName(m.title);
    const list = byKey.get(key) ?? [];
    list.push(m);
    byKey.set(key, list);
  }
  const rows: Row[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => b.voteCount - a.voteCount || a.id - b.id);
    let items: string[] = [];
    let bytes = 2; // the brackets
    let part = 0;
    const flush = () => rows.push({ title_key: key, part: part++, movies: `[${items.join(",")}]` });
    for (const m of list) {
      const item = JSON.stringify([m.id, m.title, m.runtime, m.releaseYear, m.voteCount] satisfies TitleMovie);
      const size = Buffer.byteLength(item) + 1;
      if (items.length && bytes + size > TITLE_PART_BYTES) {
        flush();
        items = [];
        bytes = 2;
      }
      items.push(item);
      bytes += size;
    }
    flush();
  }
  return rows;
}
