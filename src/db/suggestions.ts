// Close names for a 404: names that exist and start like the input. Each kind is one range
// scan on its name-key index, so a miss costs one cheap query.
export type SuggestionKind = "title" | "language" | "country" | "franchise" | "company" | "director";

const SOURCES: Record<SuggestionKind, string> = {
  title: `SELECT title AS name, title_key AS k FROM movies WHERE title_key >= ?1 AND title_key < ?2`,
  language: `SELECT l.name AS name, a.alias_key AS k FROM language_aliases a JOIN languages l ON l.code = a.code WHERE a.alias_key >= ?1 AND a.alias_key < ?2`,
  country: `SELECT c.name AS name, a.alias_key AS k FROM country_aliases a JOIN countries c ON c.code = a.code WHERE a.alias_key >= ?1 AND a.alias_key < ?2`,
  franchise: `SELECT name, name_key AS k FROM collections WHERE name_key >= ?1 AND name_key < ?2`,
  company: `SELECT name, name_key AS k FROM companies WHERE name_key >= ?1 AND name_key < ?2`,
  director: `SELECT name, name_key AS k FROM directors WHERE name_key >= ?1 AND name_key < ?2`,
};

export const MAX_SUGGESTIONS = 5;
const PREFIX_CHARS = 3;

export async function suggest(db: D1Database, kind: SuggestionKind, key: string): Promise<string[]> {
  const prefix = [...key].slice(0, PREFIX_CHARS).join("");
  const rows = await db
    .prepare(`${SOURCES[kind]} LIMIT 50`)
    .bind(prefix, `${prefix}\u{10FFFF}`)
    .all<{ name: string; k: string }>();
  // Distinct display names, those sharing the longest prefix with the input first.
  const shared = (k: string) => { let i = 0; while (i < k.length && k[i] === key[i]) i++; return i; };
  const ranked = rows.results.sort((a, b) => shared(b.k) - shared(a.k) || a.k.localeCompare(b.k));
  return [...new Set(ranked.map((r) => r.name))].slice(0, MAX_SUGGESTIONS);
}
