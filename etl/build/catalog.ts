// Turns cleaned movies into the rows of the D1 schema (migrations), with the aggregates
// each route answers with precomputed, the lists a route shows as JSON columns (one row read
// instead of one per item: src/shared/catalog-json.ts), and the alias tables for languages and
// countries.
import type { Cell } from "../../src/shared/bundle.ts";
import type { DirectorMovie, MovieLinks, TitleMovie } from "../../src/shared/catalog-json.ts";
import { TITLE_PART_BYTES } from "../../src/shared/catalog-json.ts";
import { franchiseKey, normalizeName } from "../../src/shared/normalize.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { aliasKeys, displayName } from "./aliases.ts";
import { buildDiscoverTables, type DiscoverListsPlan, discoverListsTable } from "./discover.ts";
import { buildSearchTables, type SearchEntry, type SearchTableName, searchTable } from "./search.ts";

export type Row = Record<string, string | number | null>;
/**
 * One table of the schema: its columns, the columns of its primary key (for diffs), and its
 * rows. A table as large as the catalogue makes its rows as they are read (each iteration makes
 * them again), so the seed is written one table at a time without any whole table in memory.
 */
export interface Table {
  name: string;
  columns: string[];
  key: string[];
  rows: Iterable<Row>;
  /** Its rows as values in column order, when it has them so (a table sent as columns): writeTable reads these. */
  cells?: Iterable<readonly Cell[]>;
  /**
   * The rows without their costliest column (the movies' `links` JSON), for the tables built
   * from this one that do not read it: the catalogue-sized rows are made anew at each read.
   */
  leanRows?: Iterable<Row>;
  /**
   * How a worker thread can make this table by itself: its kind and inputs, all structured-
   * clonable (typed arrays, strings). discover_lists, the search tables and the link tables
   * have one (etl/write/write-thread.ts writes them beside the main thread). A function: what
   * it sends may be made only when it is sent.
   */
  portable?: () => PortableTable;
}
/** A table sent as its columns: numbers in typed arrays (moved, not copied), other values in lists. */
export interface ColumnsTable {
  kind: "columns";
  name: string;
  columns: string[];
  key: string[];
  rows: number;
  data: (Float64Array | Cell[])[];
}
export type PortableTable = { kind: "discover_lists"; plan: DiscoverListsPlan } | { kind: SearchTableName; entries: SearchEntry[] } | ColumnsTable;

/** The table a portable description makes (on the thread it was sent to). */
export const tableOf = (p: PortableTable): Table =>
  p.kind === "discover_lists" ? discoverListsTable(p.plan) : p.kind === "columns" ? columnsTable(p) : searchTable(p.kind, () => p.entries);

/** A table's rows as columns (its portable form: a link table's ~2M rows at 200k movies are three numbers each). */
export function columnsOf(table: Table): ColumnsTable {
  const lists: Cell[][] = table.columns.map(() => []);
  for (const row of table.rows) for (let c = 0; c < lists.length; c++) lists[c]!.push(row[table.columns[c]!] ?? null);
  const data = lists.map((list) => (list.every((v) => typeof v === "number") ? Float64Array.from(list as number[]) : list));
  return { kind: "columns", name: table.name, columns: table.columns, key: table.key, rows: lists[0]?.length ?? 0, data };
}

/** The table of a ColumnsTable: its cells read straight from the columns. */
function columnsTable(p: ColumnsTable): Table {
  const { name, columns, key, rows, data } = p;
  const cells = {
    *[Symbol.iterator]() {
      for (let r = 0; r < rows; r++) yield data.map((column) => column[r]!);
    },
  };
  return { name, columns, key, cells, rows: lazyRows(() => Array.from(cells, (c) => Object.fromEntries(columns.map((k, i) => [k, c[i]!])))) };
}
/** A table with every row in a list (buildCatalog: tests and scripts). */
export interface ListedTable extends Table {
  rows: Row[];
}

/** Rows made anew by `make` at each iteration. */
export const lazyRows = (make: () => Iterable<Row>): Iterable<Row> => ({ [Symbol.iterator]: () => make()[Symbol.iterator]() });

/** A table's rows in a list (tables are small there, or a test looks at them). */
export const listRows = (table: Table): Row[] => (Array.isArray(table.rows) ? table.rows : [...table.rows]);

/** The rows of table `name` in `tables` (none if it is absent); `lean`: its leanRows where it has them. */
export const rowsOf = (tables: readonly Table[], name: string, lean = false): Iterable<Row> => {
  const table = tables.find((t) => t.name === name);
  return (lean ? table?.leanRows : undefined) ?? table?.rows ?? [];
};

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
  tables: ListedTable[];
  counts: Record<string, number>;
}

/** movies.genre_mask: bits 0..52, so that a mask is an exact JavaScript number as well as a SQLite integer. */
const MAX_GENRE_BITS = 53;

type Director = { id: number; name: string; key: string; count: number; ret: number; movies: CleanMovie[] };

/** The dataset_meta table: one row per key. */
export function metaTable(meta: Record<string, string>): ListedTable {
  return { name: "dataset_meta", key: ["key"], columns: ["key", "value"], rows: Object.entries(meta).map(([key, value]) => ({ key, value })) };
}

/** Every table, each with its rows in a list (small catalogues: tests and scripts). */
export function buildCatalog(movies: CleanMovie[], meta: Record<string, string>): Catalog {
  const tables = [metaTable(meta), ...catalogTables(movies).map((t) => ({ ...t, rows: listRows(t) }))];
  return { tables, counts: Object.fromEntries(tables.map((t) => [t.name, t.rows.length])) };
}

/**
 * The catalogue's tables in the order they are loaded (dataset_meta apart: it carries the
 * version, known once the others are written). The catalogue-sized ones make their rows as
 * they are read; the /descubrir sets are gathered here, so that the portable tables
 * (discover_lists, the search tables, three link tables) can be written on another thread
 * while this one writes the rest.
 */
export function catalogTables(movies: readonly CleanMovie[]): Table[] {
  const base = baseTables(movies);
  return [
    ...base,
    ...buildDiscoverTables(base),
    ...buildSearchTables(base), // the search index over the names above (last: nothing refers to it)
  ];
}

/** The entity and link tables, from one pass over the movies that gathers every entity and aggregate. */
function baseTables(movies: readonly CleanMovie[]): Table[] {
  const collections = new Map<number, { name: string; count: number; revenue: number }>();
  const genres = new Map<number, string>();
  const genreCount = new Map<number, number>();
  const companyNames = new NameVotes();
  const countryNames = new NameVotes();
  const languageNames = new NameVotes();
  const directorByKey = new Map<string, Director>();
  const directorByPerson = new Map<number, Director>();
  /** Per movie (by index), its directors (grouped by name) in credit order: movie_directors and movies.links. */
  const movieDirectors: Director[][] = [];
  const companyMovies = new Map<number, CleanMovie[]>();
  const countryCount = new Map<string, number>();
  const languageCodes = new Set<string>();
  const firstLanguageCount = new Map<string, number>();

  for (const m of movies) {
    if (m.collection) {
      const c = collections.get(m.collection.id) ?? { name: m.collection.name, count: 0, revenue: 0 };
      c.count++;
      c.revenue += m.revenue;
      collections.set(m.collection.id, c);
    }
    for (const g of m.genres) {
      if (!genres.has(g.id)) genres.set(g.id, g.name);
      genreCount.set(g.id, (genreCount.get(g.id) ?? 0) + 1);
    }
    for (const c of m.companies) {
      companyNames.add(c.id, c.name);
      const list = companyMovies.get(c.id) ?? [];
      list.push(m);
      companyMovies.set(c.id, list);
    }
    for (const c of m.countries) {
      countryNames.add(c.code, c.name);
      countryCount.set(c.code, (countryCount.get(c.code) ?? 0) + 1);
    }
    for (const l of m.languages) {
      languageNames.add(l.code, l.name);
      languageCodes.add(l.code);
    }
    const first = m.languages[0];
    if (first) firstLanguageCount.set(first.code, (firstLanguageCount.get(first.code) ?? 0) + 1);
    // Directors are grouped by name: one person can carry two person ids in the dataset.
    const groups: Director[] = [];
    for (const d of m.directors) {
      const key = normalizeName(d.name);
      // Same name, or same person id under another spelling: one director.
      let found = directorByKey.get(key) ?? directorByPerson.get(d.id);
      if (!found) {
        found = { id: d.id, name: d.name, key, count: 0, ret: 0, movies: [] };
        directorByKey.set(key, found);
      }
      const dir = found;
      directorByPerson.set(d.id, dir);
      if (groups.some((g) => g.id === dir.id)) continue;
      groups.push(dir);
      dir.count++;
      dir.ret += m.return;
      dir.movies.push(m);
    }
    // Exact-size lists: an array grown by push has room for 17 (~80 bytes), and there is one per movie.
    movieDirectors.push(groups.slice());
  }
  for (const d of directorByKey.values()) d.movies = d.movies.slice();

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
  for (const code of languageCodes) {
    const datasetName = languageNames.best(code);
    languageRows.push({ code, name: displayName("language", code, datasetName), first_count: firstLanguageCount.get(code) ?? 0 });
    for (const k of aliasKeys("language", code, datasetName)) if (!languageAliases.has(k)) languageAliases.set(k, code);
  }

  // Genre bits, by id: movies.genre_mask holds a movie's genres for /descubrir's filters.
  const genreIds = [...genres.keys()].sort((a, b) => a - b);
  if (genreIds.length > MAX_GENRE_BITS) throw new Error(`${genreIds.length} genres: movies.genre_mask holds at most ${MAX_GENRE_BITS}`);
  const genreBit = new Map(genreIds.map((id, bit) => [id, bit]));

  // movies.links: every linked entity under the name its own table shows.
  const companyName = new Map(companyRows.map((r) => [r.id as number, r.name as string]));
  const countryName = new Map(countryRows.map((r) => [r.code as string, r.name as string]));
  const languageName = new Map(languageRows.map((r) => [r.code as string, r.name as string]));
  const movieLinks = (m: CleanMovie, i: number): string => {
    const links: MovieLinks = {
      collection: m.collection ? [m.collection.id, collections.get(m.collection.id)!.name] : null,
      genres: m.genres.map((g) => [g.id, genres.get(g.id)!]),
      companies: m.companies.map((c) => [c.id, companyName.get(c.id)!]),
      countries: m.countries.map((c) => [c.code, countryName.get(c.code)!]),
      languages: m.languages.map((l) => [l.code, languageName.get(l.code)!]),
      directors: movieDirectors[i]!.map((d) => [d.id, d.name]),
    };
    return JSON.stringify(links);
  };
  /** A movies row; with `links` null (leanRows) unless `withLinks`. */
  const movieRow = (m: CleanMovie, i: number, withLinks: boolean): Row => {
    return {
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
      genre_mask: [...new Set(m.genres.map((g) => genreBit.get(g.id)!))].reduce((mask, bit) => mask + 2 ** bit, 0),
      language: m.languages[0]?.code ?? null,
      links: withLinks ? movieLinks(m, i) : null,
    };
  };
  const table = (name: string, key: string[], columns: string[], rows: Iterable<Row>, leanRows?: Iterable<Row>): Table => ({
    name,
    key,
    columns,
    rows,
    ...(leanRows ? { leanRows } : {}),
  });
  const movieRows = (withLinks: boolean) =>
    lazyRows(function* () {
      for (let i = 0; i < movies.length; i++) yield movieRow(movies[i]!, i, withLinks);
    });
  /**
   * A link table: one row per (movie, linked entity), in movie order then the movie's list
   * order; portable as its columns, except the two largest (`portable` false): with them the
   * worker thread (the KV step, discover_lists) would become the write stage's longer one.
   * `row` is an object literal naming the table's entity column, so that every row of a table
   * has one shape (a computed key made each of ~2M rows at 200k movies slowly).
   */
  const linkTable = <T>(
    name: string,
    columns: string[],
    key: string[],
    list: (m: CleanMovie, i: number) => readonly T[],
    row: (item: T, movie_id: number, ord: number) => Row,
    portable = true,
  ): Table => {
    const t = table(
      name,
      key,
      columns,
      lazyRows(function* () {
        for (let i = 0; i < movies.length; i++) {
          const m = movies[i]!;
          const items = list(m, i);
          for (let ord = 0; ord < items.length; ord++) yield row(items[ord]!, m.id, ord);
        }
      }),
    );
    return portable ? { ...t, portable: () => columnsOf(t) } : t;
  };
  const aliasTable = (name: string, aliases: Map<string, string>): Table =>
    table(
      name,
      ["alias_key"],
      ["alias_key", "code"],
      Array.from(aliases, ([alias_key, code]) => ({ alias_key, code })),
    );
  const id = ["id"];
  return [
    // Keyed (and diffed by a reseed) in the order the franchise and company routes look them up.
    table(
      "collections",
      ["name_key", "movie_count", "id"],
      ["name_key", "movie_count", "id", "name", "revenue_total"],
      [...collections].map(([id, c]) => ({
        name_key: franchiseKey(c.name),
        movie_count: c.count,
        id,
        name: c.name,
        revenue_total: c.revenue,
      })),
    ),
    table("movies", id, MOVIE_COLUMNS, movieRows(true), movieRows(false)),
    table(
      "titles",
      ["title_key", "part"],
      ["title_key", "part", "movies"],
      lazyRows(() => titleRows(movies)),
    ),
    table(
      "genres",
      id,
      ["id", "name", "name_key", "bit", "movie_count"],
      genreIds.map((id) => ({
        id,
        name: genres.get(id)!,
        name_key: normalizeName(genres.get(id)!),
        bit: genreBit.get(id)!,
        movie_count: genreCount.get(id) ?? 0,
      })),
    ),
    linkTable(
      "movie_genres",
      ["genre_id", "movie_id", "ord"],
      ["genre_id", "movie_id"],
      (m) => m.genres,
      (g, movie_id, ord) => ({ genre_id: g.id, movie_id, ord }),
      false,
    ),
    table("companies", ["name_key", "movie_count", "id"], ["name_key", "movie_count", "id", "name", "revenue_total"], companyRows),
    linkTable(
      "movie_companies",
      ["company_id", "movie_id", "ord"],
      ["company_id", "movie_id"],
      (m) => m.companies,
      (c, movie_id, ord) => ({ company_id: c.id, movie_id, ord }),
      false,
    ),
    table("countries", ["code"], ["code", "name", "movie_count"], countryRows),
    aliasTable("country_aliases", countryAliases),
    linkTable(
      "movie_countries",
      ["country_code", "movie_id", "ord"],
      ["country_code", "movie_id"],
      (m) => m.countries,
      (c, movie_id, ord) => ({ country_code: c.code, movie_id, ord }),
    ),
    table("languages", ["code"], ["code", "name", "first_count"], languageRows),
    aliasTable("language_aliases", languageAliases),
    linkTable(
      "movie_languages",
      ["language_code", "ord", "movie_id"],
      ["language_code", "ord", "movie_id"],
      (m) => m.languages,
      (l, movie_id, ord) => ({ language_code: l.code, movie_id, ord }),
    ),
    table(
      "directors",
      ["name_key"],
      ["name_key", "id", "name", "movie_count", "return_total", "movies"],
      lazyRows(function* () {
        for (const d of directorByKey.values())
          yield { name_key: d.key, id: d.id, name: d.name, movie_count: d.count, return_total: d.ret, movies: directorMovies(d.movies) };
      }),
    ),
    linkTable(
      "movie_directors",
      ["director_id", "movie_id", "ord"],
      ["director_id", "movie_id"],
      (_, i) => movieDirectors[i]!,
      (d, movie_id, ord) => ({ director_id: d.id, movie_id, ord }),
    ),
  ];
}

/** The movies table's columns, in the order of its rows. */
const MOVIE_COLUMNS = [
  "id",
  "title",
  "title_key",
  "release_date",
  "release_year",
  "budget",
  "revenue",
  "return_ratio",
  "runtime",
  "popularity",
  "vote_average",
  "vote_count",
  "original_language",
  "overview",
  "collection_id",
  "genre_mask",
  "language",
  "links",
];

/** directors.movies: by release date, then id. */
function directorMovies(list: CleanMovie[]): string {
  const sorted = [...list].sort((a, b) => (a.releaseDate < b.releaseDate ? -1 : a.releaseDate > b.releaseDate ? 1 : a.id - b.id));
  return JSON.stringify(sorted.map((m): DirectorMovie => [m.id, m.title, m.releaseYear, m.releaseDate, m.return, m.budget, m.revenue]));
}

/** titles rows, made one at a time: each title's movies, most-voted first, then lowest id, in parts of at most TITLE_PART_BYTES. */
export function* titleRows(movies: readonly CleanMovie[]): Generator<Row> {
  const byKey = new Map<string, CleanMovie[]>();
  for (const m of movies) {
    const key = normalizeName(m.title);
    const list = byKey.get(key) ?? [];
    list.push(m);
    byKey.set(key, list);
  }
  for (const [key, list] of byKey) {
    list.sort((a, b) => b.voteCount - a.voteCount || a.id - b.id);
    let items: string[] = [];
    let bytes = 2; // the brackets
    let part = 0;
    for (const m of list) {
      const item = JSON.stringify([m.id, m.title, m.runtime, m.releaseYear, m.voteCount] satisfies TitleMovie);
      const size = Buffer.byteLength(item) + 1;
      if (items.length && bytes + size > TITLE_PART_BYTES) {
        yield { title_key: key, part: part++, movies: `[${items.join(",")}]` };
        items = [];
        bytes = 2;
      }
      items.push(item);
      bytes += size;
    }
    yield { title_key: key, part: part++, movies: `[${items.join(",")}]` };
  }
}
