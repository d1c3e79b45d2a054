// The search index (migrations/0002_search.sql) holds one entry per searchable name. Its
// rowid is derived from what the entry names, so a reseed that keeps a movie keeps its row:
// rowid = kind * 2^40 + entity id. The kind sits in the high bits so that one kind, or the run
// of kinds /buscar lists, is a rowid RANGE: FTS5 applies a rowid range inside its own scan, also
// under `ORDER BY rank LIMIT n`, so a query never steps over entries of other kinds (D1 counts
// every row a statement steps, src/db/search.ts). The ETL (etl/build/search.ts) writes these
// rowids and the Worker (src/db/search.ts, src/db/suggestions.ts) decodes them.
import { fnv1a } from "./shard.ts";

/** Matches /buscar can list (GitHub's search stops at the same figure): the search statement's LIMIT. */
export const MAX_RESULTS = 1000;

// genre: only for /descubrir's suggestions (genre id as the entity id); no /buscar tipo lists it.
export const SEARCH_KIND = { movie: 1, director: 2, franchise: 3, company: 4, language: 5, country: 6, genre: 7 } as const;
export type SearchKind = keyof typeof SEARCH_KIND;

/** Entity ids (TMDB ids, 32-bit code hashes) occupy the low 40 bits. */
export const REF_BITS = 40;
const REF_SPAN = 2 ** REF_BITS;

export function searchRowid(kind: SearchKind, ref: number): number {
  if (!Number.isSafeInteger(ref) || ref < 0 || ref >= REF_SPAN) throw new Error(`search entry id out of range: ${ref}`);
  return SEARCH_KIND[kind] * REF_SPAN + ref;
}

/** The rowids of every entry of kinds `first`..`last` (by SEARCH_KIND number), inclusive. */
export function kindRange(first: SearchKind, last: SearchKind = first): [number, number] {
  return [SEARCH_KIND[first] * REF_SPAN, (SEARCH_KIND[last] + 1) * REF_SPAN - 1];
}

/**
 * SQL for a rowid bound passed as parameter ?n. D1 binds every JS number as a REAL, and FTS5
 * ignores a rowid bound that is not an INTEGER (it then returns every match and SQLite filters
 * them afterwards, each one a row read): the CAST keeps the range inside FTS5's scan.
 */
export const rowidParam = (n: number) => `CAST(?${n} AS INTEGER)`;

/** What an entry's rowid names: its kind (a SEARCH_KIND number) and the entity id. */
export function decodeRowid(rowid: number): { kind: number; ref: number } {
  return { kind: Math.floor(rowid / REF_SPAN), ref: rowid % REF_SPAN };
}

/** Languages and countries are keyed by ISO code: a 32-bit FNV-1a hash of it stands in for an id. */
export function codeRef(code: string): number {
  return fnv1a(code);
}

/** Language and country entries list their other spellings in `aliases`, separated by this. */
export const ALIAS_SEPARATOR = " | ";

/**
 * Text of the trigram index, and input matched against it, is padded with a space at each end,
 * so the first and last letters of a name form trigrams too (" fr", "ce "): "frence" then
 * shares half its trigrams with "france" instead of one.
 */
export const padForTrigrams = (s: string) => ` ${s} `;
