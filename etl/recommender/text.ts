// Text of a movie for the recommender, and scikit-learn's analyzer, with Python semantics.
//
// The original project built `' '.join(genres) + ' ' + title + ' ' + overview`, removed
// everything matched by `re.sub(r'[^\w\s]', '', text)`, then fed the result to
// `TfidfVectorizer(stop_words='english')`, whose analyzer is:
//   str.lower()  ->  re.findall(r'(?u)\b\w\w+\b')  ->  drop ENGLISH_STOP_WORDS.
//
// Python's `\w`, `\s` and `str.lower()` are not JavaScript's:
// - `\s`: Python also matches U+001C..U+001F and U+0085; JavaScript also matches U+FEFF.
// - `\w`: Python's is Unicode letters + numbers + `_` (combining marks are NOT word
//   characters), for the Unicode version of the interpreter (14.0 for Python 3.11), while
//   `\p{L}`/`\p{N}` in Node follow its ICU (Unicode 17 on Node 20.20): ~14,000 code points
//   assigned since Unicode 14 would differ. JavaScript's own `\w`/`\b` are ASCII-only.
// - `str.lower()`: same full mappings as `toLowerCase()` (e.g. 'İ' -> 'i' + U+0307, whose
//   combining dot then splits the token) but, again, of another Unicode version.
// So every class and mapping comes from tables generated from the reference Python itself
// (unicode-tables.ts, by generate_tables.py); the Node runtime's Unicode data is never used.

import { ENGLISH_STOP_WORDS } from "./stopwords.ts";
import { CASE_IGNORABLE_RANGES, CASED_RANGES, LOWER_MULTI, LOWER_RUNS, SPACE_CODE_POINTS, WORD_RANGES } from "./unicode-tables.ts";

const hex = (c: number): string => `\\u{${c.toString(16)}}`;

function classFromRanges(flat: readonly number[]): string {
  let s = "";
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const a = flat[i] as number;
    const b = flat[i + 1] as number;
    s += a === b ? hex(a) : `${hex(a)}-${hex(b)}`;
  }
  return s;
}

function inRanges(flat: readonly number[], c: number): boolean {
  let lo = 0;
  let hi = (flat.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < (flat[2 * mid] as number)) hi = mid - 1;
    else if (c > (flat[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}

const WORD_CLASS = classFromRanges(WORD_RANGES);
const SPACE_CLASS = SPACE_CODE_POINTS.map(hex).join("");
const SPACE_SET = new Set(SPACE_CODE_POINTS);

/** Python `[^\w\s]` (runs of), for the clean-up `re.sub`. */
const NOT_WORD_OR_SPACE = new RegExp(`[^${WORD_CLASS}${SPACE_CLASS}]+`, "gu");
/** scikit-learn's default token_pattern `(?u)\b\w\w+\b`: maximal runs of >= 2 word characters. */
const TOKEN = new RegExp(`[${WORD_CLASS}]{2,}`, "gu");
// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included, on purpose
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Python `str.lower()` of single code points (capital sigma excluded, handled in context). */
const LOWER = new Map<number, string>();
for (let i = 0; i + 3 < LOWER_RUNS.length; i += 4) {
  const start = LOWER_RUNS[i] as number;
  const end = LOWER_RUNS[i + 1] as number;
  const delta = LOWER_RUNS[i + 2] as number;
  const step = LOWER_RUNS[i + 3] as number;
  for (let c = start; c <= end; c += step) LOWER.set(c, String.fromCodePoint(c + delta));
}
for (const [c, cps] of LOWER_MULTI) LOWER.set(c, String.fromCodePoint(...cps));
const CAPITAL_SIGMA = 0x3a3;
const UPPER = new RegExp(
  `[${[...LOWER.keys(), CAPITAL_SIGMA]
    .sort((a, b) => a - b)
    .map(hex)
    .join("")}]`,
  "gu",
);

/** Is `c` matched by Python's `\w` (str pattern)? */
export function isPythonWordChar(c: number): boolean {
  return inRanges(WORD_RANGES, c);
}

/** Is `c` matched by Python's `\s` (== `str.isspace()`)? */
export function isPythonSpace(c: number): boolean {
  return SPACE_SET.has(c);
}

/** Python `re.sub(r'[^\w\s]', '', text)`. */
export function stripNonWord(text: string): string {
  return text.replace(NOT_WORD_OR_SPACE, "");
}

/**
 * The recommender's text of a movie: genre names joined by spaces, a space, the title, a space,
 * the overview (a missing part is ""), then Python `re.sub(r'[^\w\s]', '', text)`.
 */
export function movieText(genres: readonly string[] | null | undefined, title: string | null | undefined, overview: string | null | undefined): string {
  return movieTextParts(genres, title, overview).join("");
}

/**
 * movieText in two parts, [genres and title, overview], whose tokens in order are movieText's:
 * the clean-up removes characters one by one, and no token nor case mapping reaches across the
 * space between the parts (a space is neither a word character, nor cased, nor case-ignorable).
 * The recommender reads them so to count the overview's own terms in the same pass (tfidf.ts).
 */
export function movieTextParts(
  genres: readonly string[] | null | undefined,
  title: string | null | undefined,
  overview: string | null | undefined,
): [string, string] {
  return [stripNonWord(`${(genres ?? []).join(" ")} ${title ?? ""} `), stripNonWord(overview ?? "")];
}

function codePointBefore(s: string, i: number): number {
  // code point ending just before UTF-16 index i (i > 0)
  const lo = s.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return lo;
}

/**
 * CPython's Final_Sigma test for the capital sigma at UTF-16 index i of s:
 * `\p{cased} \p{case-ignorable}* U+03A3 !(\p{case-ignorable}* \p{cased})`.
 */
function isFinalSigma(s: string, i: number): boolean {
  let j = i;
  let c = -1;
  while (j > 0) {
    c = codePointBefore(s, j);
    j -= c > 0xffff ? 2 : 1;
    if (!inRanges(CASE_IGNORABLE_RANGES, c)) break;
    c = -1;
  }
  if (c < 0 || !inRanges(CASED_RANGES, c)) return false;
  j = i + 1;
  while (j < s.length) {
    const d = s.codePointAt(j) as number;
    j += d > 0xffff ? 2 : 1;
    if (!inRanges(CASE_IGNORABLE_RANGES, d)) return !inRanges(CASED_RANGES, d);
  }
  return true;
}

/** Python `str.lower()` (full mappings, Final_Sigma), independent of Node's ICU. */
export function pythonLower(s: string): string {
  if (ASCII_ONLY.test(s)) return s.toLowerCase();
  return s.replace(UPPER, (ch: string, offset: number, whole: string) => {
    if (ch.charCodeAt(0) === CAPITAL_SIGMA) return isFinalSigma(whole, offset) ? "\u03c2" : "\u03c3";
    return LOWER.get(ch.codePointAt(0) as number) ?? ch;
  });
}

/** scikit-learn's `ENGLISH_STOP_WORDS`. */
export const STOP_WORDS: ReadonlySet<string> = new Set(ENGLISH_STOP_WORDS);

/**
 * Calls `fn` for every token of `text` as scikit-learn's `TfidfVectorizer(stop_words='english')`
 * analyzer yields them: lower-case, `(?u)\b\w\w+\b`, stop words removed (after tokenising).
 */
export function forEachToken(text: string, fn: (token: string) => void): void {
  const lower = pythonLower(text);
  let pos = 0;
  for (;;) {
    TOKEN.lastIndex = pos; // (restored each time: fn may tokenise too)
    const m = TOKEN.exec(lower);
    if (m === null) break;
    pos = TOKEN.lastIndex;
    const tok = m[0];
    if (!STOP_WORDS.has(tok)) fn(tok);
  }
}

/** The tokens of `text` (see forEachToken). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (t) => out.push(t));
  return out;
}
