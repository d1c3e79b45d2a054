// One name-matching rule for the whole system: the ETL builds its lookup keys with it and the
// Worker applies it to user input, so a key computed at build time always matches a request.

/**
 * Apostrophes join the letters around them ("Ocean's" = "Oceans"): typed or not, curly or
 * straight, they never separate words. `´` and `` ` `` are typed as apostrophes too.
 */
const APOSTROPHES = /['\u2018\u2019\u02BC\u02B9\u0060\u00B4\u2032]/gu;
/**
 * Any other punctuation (Unicode category P, which includes `&`, `#`, `*`, `@`) separates words:
 * "Warner Bros." = "warner bros", "WALL·E" = "wall e", "Tom & Jerry" = "tom jerry".
 */
const PUNCTUATION = /\p{P}+/gu;

/**
 * NFKD, strip combining marks, lower-case, drop apostrophes, punctuation to spaces, collapse
 * whitespace, trim. Symbols (category S: `+`, `$`, `=`) are kept: "C++" is not "C".
 */
export function normalizeName(input: string): string {
  return input
    .replace(APOSTROPHES, "") // before NFKD: it turns "´" into a space and a combining mark
    .normalize("NFKD")
    .replace(APOSTROPHES, "") // after: compatibility forms (fullwidth "＇") become plain ones
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(PUNCTUATION, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/**
 * The dataset names most franchises "<Name> Collection"; people type "star wars", or the
 * Spanish "colección star wars". A franchise's key is its normalised name without that word
 * at either end (the word alone stays a name).
 */
const COLLECTION_WORD = /^(?:collection|coleccion) (?=.)|(?<=.) (?:collection|coleccion)$/gu;

export function franchiseKey(input: string): string {
  return normalizeName(input).replace(COLLECTION_WORD, "");
}
