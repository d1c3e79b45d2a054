// The search index (seed/migrations/0002_search.sql) holds one entry per searchable name. Its
// rowid is derived from what the entry names, so a reseed that keeps a movie keeps its row:
// rowid = entity id * 8 + kind. The ETL (etl/build/search.ts) writes these rowids and the
// Worker (src/db/search.ts, src/db/suggestions.ts) decodes them with `rowid & 7`, `rowid >> 3`.
import { fnv1a } from "./shard.ts";

export const SEARCH_KIND = { movie: 1, director: 2, franchise: 3, company: 4, language: 5, country: 6 } as const;
export type SearchKind = keyof typeof SEARCH_KIND;

/** Kinds occupy the low 3 bits of the rowid. */
export const KIND_BITS = 3;

export function searchRowid(kind: SearchKind, ref: number): number {
  if (!Number.isSafeInteger(ref) || ref < 0 || ref > 2 ** 40) throw new Error(`search entry id out of range: ${ref}`);
  return ref * 2 ** KIND_BITS + SEARCH_KIND[kind];
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
