// Rows of the search index (migrations/0002_search.sql), built from the catalogue tables:
// one entry per name a user can look for. Both FTS5 tables get the same entries under the same
// rowids; the trigram table's text is padded with spaces (padForTrigrams) for typo matching.
// search_words also carries what a /buscar result shows and sorts by (UNINDEXED columns), so a
// search reads the index and nothing else.
import { normalizeName } from "../../src/shared/normalize.ts";
import { ALIAS_SEPARATOR, codeRef, padForTrigrams, type SearchKind, searchRowid } from "../../src/shared/search.ts";
import { lazyRows, type Row, rowsOf, type Table } from "./catalog.ts";

/** One name a user can look for (a row of both search tables). */
export interface SearchEntry {
  rowid: number;
  name: string;
  aliases: string;
  /** normalizeName(name): /buscar lists an exact name first. */
  name_key: string;
  /** A movie's votes; a director's, franchise's or company's number of movies; null otherwise. */
  popularity: number | null;
  /** Movies only: release year and genre names (JSON array). */
  year: number | null;
  genres: string | null;
}

const num = (v: Row[string] | undefined) => Number(v);
const str = (v: Row[string] | undefined) => String(v ?? "");

/**
 * Franchises and companies are answered by name (several ids can share one): index each name
 * once, under the id its route would pick (most movies, then lowest id).
 */
function onePerName(rows: Iterable<Row>): Row[] {
  const best = new Map<string, Row>();
  for (const r of rows) {
    const cur = best.get(str(r.name_key));
    if (!cur || num(r.movie_count) > num(cur.movie_count) || (num(r.movie_count) === num(cur.movie_count) && num(r.id) < num(cur.id))) {
      best.set(str(r.name_key), r);
    }
  }
  return [...best.values()];
}

/** A language or country: its display name, and every other accepted spelling as aliases. */
function codedEntries(kind: SearchKind, entities: Iterable<Row>, aliases: Iterable<Row>): SearchEntry[] {
  const byCode = new Map<string, string[]>();
  for (const a of aliases) {
    const list = byCode.get(str(a.code)) ?? [];
    list.push(str(a.alias_key));
    byCode.set(str(a.code), list);
  }
  return Array.from(entities, (e) => {
    const own = normalizeName(str(e.name));
    const others = (byCode.get(str(e.code)) ?? []).filter((k) => k !== own);
    return {
      rowid: searchRowid(kind, codeRef(str(e.code))),
      name: str(e.name),
      aliases: others.join(ALIAS_SEPARATOR),
      name_key: own,
      popularity: null,
      year: null,
      genres: null,
    };
  });
}

/**
 * Each movie's genre names, in its own order (the names its links show), read from movie_genres
 * and genres rather than from the movies' `links` JSON: asked for movie by movie in the movies
 * table's order, which is movie_genres' order too, so one pass over movie_genres serves them all.
 * `end` checks that every movie_genres row was read (a row out of that order would not be).
 */
function movieGenres(catalog: readonly Table[]): ((id: number) => string[]) & { end(): void } {
  const name = new Map(Array.from(rowsOf(catalog, "genres"), (g) => [num(g.id), str(g.name)]));
  const links = rowsOf(catalog, "movie_genres")[Symbol.iterator]();
  let next = links.next();
  const of = (id: number): string[] => {
    const names: string[] = [];
    for (; !next.done && num(next.value.movie_id) === id; next = links.next()) names.push(name.get(num(next.value.genre_id))!);
    return names;
  };
  return Object.assign(of, {
    end() {
      if (!next.done) throw new Error(`search: movie_genres row of movie ${str(next.value.movie_id)} not in the movies' order`);
    },
  });
}

/** Every entry of the index, in rowid order. */
function searchEntries(catalog: readonly Table[]): SearchEntry[] {
  const group = (kind: SearchKind, rows: Iterable<Row>): SearchEntry[] =>
    Array.from(rows, (r) => ({
      rowid: searchRowid(kind, num(r.id)),
      name: str(r.name),
      aliases: "",
      name_key: str(r.name_key),
      popularity: num(r.movie_count),
      year: null,
      genres: null,
    }));
  const genresOf = movieGenres(catalog);
  const movies = Array.from(
    rowsOf(catalog, "movies", true),
    (r): SearchEntry => ({
      rowid: searchRowid("movie", num(r.id)),
      name: str(r.title),
      aliases: "",
      name_key: str(r.title_key),
      popularity: num(r.vote_count),
      year: num(r.release_year),
      genres: JSON.stringify(genresOf(num(r.id))),
    }),
  );
  genresOf.end();
  const entries = [
    ...movies,
    ...group("director", rowsOf(catalog, "directors")),
    ...group("franchise", onePerName(rowsOf(catalog, "collections"))),
    ...group("company", onePerName(rowsOf(catalog, "companies"))),
    ...codedEntries("language", rowsOf(catalog, "languages"), rowsOf(catalog, "language_aliases")),
    ...codedEntries("country", rowsOf(catalog, "countries"), rowsOf(catalog, "country_aliases")),
    ...group("genre", rowsOf(catalog, "genres")),
  ].sort((a, b) => a.rowid - b.rowid);
  // A clash could only come from two ISO codes hashing alike: fail loudly rather than lose one.
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.rowid === entries[i - 1]!.rowid) throw new Error(`search rowid clash: "${entries[i - 1]!.name}" and "${entries[i]!.name}"`);
  }
  return entries;
}

/** The two search tables: their columns and each one's row of an entry. */
const SEARCH_TABLES = {
  search_words: { columns: ["rowid", "name", "aliases", "name_key", "popularity", "year", "genres"], row: (e: SearchEntry): Row => ({ ...e }) },
  search_trigrams: {
    columns: ["rowid", "name", "aliases"],
    row: (e: SearchEntry): Row => ({ rowid: e.rowid, name: padForTrigrams(e.name), aliases: e.aliases && padForTrigrams(e.aliases) }),
  },
};
export type SearchTableName = keyof typeof SEARCH_TABLES;

/** A search table over `entries` (asked for when its rows are read): rows made from the entries as they are read. */
export function searchTable(name: SearchTableName, entries: () => readonly SearchEntry[]): Table {
  const { columns, row } = SEARCH_TABLES[name];
  return {
    name,
    columns,
    key: ["rowid"],
    rows: lazyRows(function* () {
      for (const e of entries()) yield row(e);
    }),
  };
}

/**
 * The search tables, portable (written on the write stage's worker thread with the entries
 * sent there); their entries are made when first asked for, and let go here once both tables
 * have been sent them (or, read here, kept for the second).
 */
export function buildSearchTables(catalog: readonly Table[]): Table[] {
  let made: SearchEntry[] | undefined;
  let sent = 0;
  const entries = () => (made ??= searchEntries(catalog));
  const portable = (kind: SearchTableName) => () => {
    const list = entries();
    if (++sent === Object.keys(SEARCH_TABLES).length) made = undefined;
    return { kind, entries: list };
  };
  return (Object.keys(SEARCH_TABLES) as SearchTableName[]).map((name) => ({ ...searchTable(name, entries), portable: portable(name) }));
}
