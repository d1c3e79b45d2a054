// Close names for a 404, from the search index (migrations/0002_search.sql). The rule:
//   1. names in which every word of the input starts a word ("pixar" -> "Pixar Animation
//      Studios", "john lass" -> "John Lasseter"), best bm25 first;
//   2. then names sharing character trigrams with the input, for typos ("toy stroy" -> "Toy
//      Story"), ordered by trigram similarity (Dice) to the input or to one of the entry's
//      aliases, and kept only from MIN_SIMILARITY up;
// at most MAX_SUGGESTIONS distinct names. Both parts are one SQL statement.
//
// Cost: D1 counts every row a statement steps. Each branch ranks inside FTS5 (`ORDER BY rank
// LIMIT n` alone, the kind as a rowid range inside the MATCH scan: src/shared/search.ts), so it
// steps at most its n candidates whatever the input and the catalogue size: a 404 reads
// about MAX_SUGGESTIONS + TYPO_CANDIDATES rows (test/worker/rows-read.test.ts).
import { notFound } from "../lib/errors.ts";
import { normalizeName } from "../shared/normalize.ts";
import { ALIAS_SEPARATOR, kindRange, rowidParam, type SearchKind } from "../shared/search.ts";
import { prefixQuery, similarity, trigramQuery } from "./fts.ts";

export type SuggestionKind = "title" | "language" | "country" | "franchise" | "company" | "director" | "genre";

const INDEX_KIND: Record<SuggestionKind, SearchKind> = {
  title: "movie",
  language: "language",
  country: "country",
  franchise: "franchise",
  company: "company",
  director: "director",
  genre: "genre",
};
/** What a 404 message calls each kind. */
export const LABEL: Record<SuggestionKind, string> = {
  title: "movie",
  language: "language",
  country: "country",
  franchise: "franchise",
  company: "production company",
  director: "director",
  genre: "genre",
};

export const MAX_SUGGESTIONS = 5;
/** Trigram candidates fetched (by bm25) before re-ordering them by similarity. */
const TYPO_CANDIDATES = 20;
/** Below this Dice similarity a trigram candidate is noise, not a typo of the input. */
export const MIN_SIMILARITY = 0.35;

interface Candidate {
  typo: 0 | 1;
  name: string;
  aliases: string;
}

const ROWID_FROM = rowidParam(2);
const ROWID_TO = rowidParam(3);

type Branch = "words" | "typos";
const BRANCH: Record<Branch, { typo: 0 | 1; table: string; param: string; limit: number }> = {
  words: { typo: 0, table: "search_words", param: "?4", limit: MAX_SUGGESTIONS },
  typos: { typo: 1, table: "search_trigrams", param: "?5", limit: TYPO_CANDIDATES },
};

/**
 * SQL of the suggestion statement: ?1 = the normalised input, ?2..?3 = the kind's rowid range,
 * ?4 = the words query, ?5 = the trigram query. With `guardSql` (a lookup whose only parameter
 * is ?1), each branch's LIMIT is 0 when the lookup finds something: SQLite then skips the branch
 * before it opens the full-text query, so a hit costs one index seek per branch. (A `WHERE NOT
 * EXISTS` term is not hoisted above a virtual-table scan, and a one-row guard table joined in
 * front of it makes SQLite sort FTS5's output again, stepping twice the rows.)
 */
export function suggestionSql(branches: Branch[], guardSql?: string): string {
  const limit = (n: number) => (guardSql ? `(SELECT CASE WHEN EXISTS (${guardSql}) THEN 0 ELSE ${n} END)` : String(n));
  return branches
    .map((b) => {
      const { typo, table: t, param, limit: n } = BRANCH[b];
      // `ORDER BY rank` alone, nothing filtered outside the MATCH: FTS5 ranks and stops after n rows.
      return `SELECT * FROM (SELECT ${typo} AS typo, name, aliases FROM ${t}
        WHERE ${t} MATCH ${param} AND rowid BETWEEN ${ROWID_FROM} AND ${ROWID_TO} ORDER BY rank LIMIT ${limit(n)})`;
    })
    .join("\nUNION ALL\n");
}

/** The suggestion statement for a normalised input, guarded by a lookup (see suggestionSql); null if the input has no word. */
export function suggestionStatement(db: D1Database, kind: SuggestionKind, key: string, guardSql?: string): D1PreparedStatement | null {
  const words = prefixQuery(key);
  const typos = trigramQuery(key);
  const branches: Branch[] = [...(words ? ["words" as const] : []), ...(typos ? ["typos" as const] : [])];
  if (!branches.length) return null;
  // ?4 is bound even when unused: SQLite numbers parameters up to the highest one in the text.
  const binds = [key, ...kindRange(INDEX_KIND[kind]), words ?? "", ...(typos ? [typos] : [])];
  return db.prepare(suggestionSql(branches, guardSql)).bind(...binds);
}

export type { Candidate as SuggestionCandidate };

/** Applies the rule above to the candidates of one statement. */
export function rankSuggestions(key: string, candidates: Candidate[]): string[] {
  // Trigram-table text is padded (padForTrigrams): trim it back to the display name.
  const names = new Set(candidates.filter((c) => !c.typo).map((c) => c.name.trim()));
  const closeness = (c: Candidate) =>
    Math.max(
      similarity(key, normalizeName(c.name)),
      ...c.aliases
        .split(ALIAS_SEPARATOR)
        .map((a) => a.trim())
        .filter(Boolean)
        .map((a) => similarity(key, a)),
    );
  const typos = candidates
    .filter((c) => c.typo)
    .map((c) => ({ name: c.name.trim(), score: closeness(c) }))
    .filter((c) => c.score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score); // stable: equal scores keep bm25 order
  for (const c of typos) names.add(c.name);
  return [...names].slice(0, MAX_SUGGESTIONS);
}

/** Suggestions alone: one statement (the recommendation route, whose lookup is a KV read). */
export async function suggest(db: D1Database, kind: SuggestionKind, key: string): Promise<string[]> {
  const stmt = suggestionStatement(db, kind, key);
  return stmt ? rankSuggestions(key, (await stmt.all<Candidate>()).results) : [];
}

/**
 * Every named route's lookup: runs `lookupSql` (?1 = the input's key, by default its normalised
 * form) and, in the same D1 round trip, the suggestion statement guarded by it. Returns the rows
 * found, or throws the 404 with its suggestions.
 */
export async function findOrSuggest<T>(
  db: D1Database,
  lookupSql: string,
  kind: SuggestionKind,
  input: string,
  key = normalizeName(input),
): Promise<[T, ...T[]]> {
  const lookup = db.prepare(lookupSql).bind(key);
  const suggestions = suggestionStatement(db, kind, key, lookupSql);
  const [found, similar] = suggestions ? await db.batch<unknown>([lookup, suggestions]) : [await lookup.all()];
  const rows = (found?.results ?? []) as T[];
  if (rows.length) return rows as [T, ...T[]];
  throw notFound(LABEL[kind], input, rankSuggestions(key, (similar?.results ?? []) as Candidate[]));
}
