// Spellings a user may type for a language or a country: the ISO code, the name as the dataset
// writes it, and the English and Spanish names from ICU (Intl.DisplayNames), all normalised.
import { normalizeName } from "../../src/shared/normalize.ts";

type Kind = "language" | "region";
const displayNames = (locale: string, type: Kind) => new Intl.DisplayNames([locale], { type, fallback: "none" });
const names = {
  language: { en: displayNames("en", "language"), es: displayNames("es", "language") },
  region: { en: displayNames("en", "region"), es: displayNames("es", "region") },
};

/**
 * Language codes of the dataset that are not ISO 639-1 and that ICU therefore cannot name: TMDB
 * writes Cantonese as `cn` (ISO 639-3 `yue`), and `xx` for a movie without dialogue. A code
 * here is named as the code it stands for, or by the names given.
 */
const NON_ISO_LANGUAGES: Record<string, { icu: string } | { en: string; es: string }> = {
  cn: { icu: "yue" },
  xx: { en: "No language", es: "Sin idioma" },
};

function icuName(kind: Kind, locale: "en" | "es", code: string): string | undefined {
  const known = kind === "language" ? NON_ISO_LANGUAGES[code.toLowerCase()] : undefined;
  if (known && !("icu" in known)) return known[locale];
  const icuCode = known ? known.icu : code;
  try {
    return names[kind][locale].of(kind === "region" ? icuCode.toUpperCase() : icuCode.toLowerCase()) ?? undefined;
  } catch {
    return undefined; // a code ICU rejects as malformed: it simply has no ICU name
  }
}

/** A name is usable for display if it has at least one letter (the dataset has "" and "??????"). */
const meaningful = (s: string | undefined): s is string => !!s && /\p{L}/u.test(s);

/** The name the API shows: the dataset's own name when it has one, else the English name, else the code. */
export function displayName(kind: Kind, code: string, datasetName: string | undefined): string {
  if (meaningful(datasetName)) return datasetName;
  return icuName(kind, "en", code) ?? code;
}

/** Every normalised spelling that should resolve to `code`. */
export function aliasKeys(kind: Kind, code: string, datasetName: string | undefined): string[] {
  const spellings = [code, datasetName, icuName(kind, "en", code), icuName(kind, "es", code)];
  return [...new Set(spellings.filter(meaningful).map(normalizeName))];
}
