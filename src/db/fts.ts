// FTS5 MATCH strings built from user input, and the similarity used to order typo candidates.
// Every piece of input goes inside a double-quoted FTS5 string (quotes doubled), so operators,
// column filters or parentheses a user types are plain text, never query syntax.

import { padForTrigrams } from "../shared/search.ts";

const WORD = /[\p{L}\p{N}]+/gu;
/** Bounds on the work one query can ask of the index (input is at most 200 characters). */
const MAX_WORDS = 12;
const MAX_TRIGRAMS = 32;

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Letters and digits in a normalised input (code points): what a query has to search with. */
export function wordChars(key: string): number {
  return [...(key.match(WORD) ?? []).join("")].length;
}

/** Every word of a normalised input as a required prefix: "toy sto" -> "toy"* "sto"*; null if no word. */
export function prefixQuery(key: string): string | null {
  const words = (key.match(WORD) ?? []).slice(0, MAX_WORDS);
  return words.length ? words.map((w) => `${quote(w)}*`).join(" ") : null;
}

/**
 * The distinct character trigrams of a normalised name, padded as the index is (spaces count,
 * as in FTS5's trigram tokenizer).
 */
export function trigrams(key: string): string[] {
  const chars = [...padForTrigrams(key)];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return [...out];
}

/** Names sharing any trigram with the input; bm25 puts those sharing more (and rarer) ones first. */
export function trigramQuery(key: string): string | null {
  const list = trigrams(key).slice(0, MAX_TRIGRAMS);
  return list.length ? list.map(quote).join(" OR ") : null;
}

/** Dice coefficient of the two trigram sets: 1 for the same name, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = new Set(trigrams(b));
  const shared = ta.filter((t) => tb.has(t)).length;
  return (2 * shared) / (ta.length + tb.size);
}
