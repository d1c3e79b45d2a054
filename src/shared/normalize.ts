// One name-matching rule for the whole system: the ETL builds its lookup keys with it and the
// Worker applies it to user input, so a key computed at build time always matches a request.

/** NFKD, strip combining marks, lower-case, collapse whitespace, trim. */
export function normalizeName(input: string): string {
  return input
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();
}
