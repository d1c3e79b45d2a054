// Rows of the search index (seed/migrations/0002_search.sql), built from the catalogue tables:
// one entry per name a user can look for. Both FTS5 tables get the same entries under the same
// rowids; the trigram table's text is padded with spaces (padForTrigrams) for typo matching.
import { normalizeName } from "../../src/shared/normalize.ts";
import { ALIAS_SEPARATOR, codeRef, padForTrigrams, searchRowid, type SearchKind } from "../../src/shared/search.ts";
import type { Row, Table } from "./catalog.ts";

interface Entry { rowid: number; name: string; aliases: string }

const rowsOf = (tables: Table[], name: string): Row[] => tables.find((t) => t.name === name)?.rows ?? [];
const num = (v: Row[string] | undefined) => Number(v);
const str = (v: Row[string] | undefined) => String(v ?? "");

/**
 * Franchises and companies are answered by name (several ids can share one): index each name
 * once, under the id its route would pick (most movies, then lowest id).
 */
function onePerName(rows: Row[]): Row[] {
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
function codedEntries(kind: SearchKind, entities: Row[], aliases: Row[]): Entry[] {
  const byCode = new Map<string, string[]>();
  for (const a of aliases) {
    const list = byCode.get(str(a.code)) ?? [];
    list.push(str(a.alias_key));
    byCode.set(str(a.code), list);
  }
  return entities.map((e) => {
    const own = normalizeName(str(e.name));
    const others = (byCode.get(str(e.code)) ?? []).filter((k) => k !== own);
    return { rowid: searchRowid(kind, codeRef(str(e.code))), name: str(e.name), aliases: others.join(ALIAS_SEPARATOR) };
  });
}

export function buildSearchTables(catalog: Table[]): Table[] {
  const named = (kind: SearchKind, rows: Row[], nameColumn = "name"): Entry[] =>
    rows.map((r) => ({ rowid: searchRowid(kind, num(r.id)), name: str(r[nameColumn]), aliases: "" }));
  const entries = [
    ...named("movie", rowsOf(catalog, "movies"), "title"),
    ...named("director", rowsOf(catalog, "directors")),
    ...named("franchise", onePerName(rowsOf(catalog, "collections"))),
    ...named("company", onePerName(rowsOf(catalog, "companies"))),
    ...codedEntries("language", rowsOf(catalog, "languages"), rowsOf(catalog, "language_aliases")),
    ...codedEntries("country", rowsOf(catalog, "countries"), rowsOf(catalog, "country_aliases")),
  ].sort((a, b) => a.rowid - b.rowid);
  // A clash could only come from two ISO codes hashing alike: fail loudly rather than lose one.
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.rowid === entries[i - 1]!.rowid) throw new Error(`search rowid clash: "${entries[i - 1]!.name}" and "${entries[i]!.name}"`);
  }
  const table = (name: string, rows: Row[]): Table => ({ name, columns: ["rowid", "name", "aliases"], key: ["rowid"], rows });
  return [
    table("search_words", entries.map((e) => ({ rowid: e.rowid, name: e.name, aliases: e.aliases }))),
    table("search_trigrams", entries.map((e) => ({ rowid: e.rowid, name: padForTrigrams(e.name), aliases: e.aliases && padForTrigrams(e.aliases) }))),
  ];
}
