// Cleaning rules of docs/design.md applied to one raw row of movies_metadata.csv / credits.csv.
// Decisions beyond the letter of the rules (each one counted in the report):
// - an id is plain ASCII digits with a value > 0 ("12.0", "+12", " 12" are invalid): the raw
//   file writes ids that way, and anything else (a date, a float) marks a column-shifted row;
// - a row with an empty title is rejected (missing_title): every answer names the movie;
// - a missing runtime, or a negative / non-numeric one, becomes null;
// - a nested value that is not a Python literal, or not of the expected shape (a list; for the
//   collection a dict or None), counts as empty: unparsable_<column>;
// - an entry lacking a valid id (positive int) / code (non-empty str) or a str name is dropped
//   (invalid_<kind>_entry); a repeated id / code within one movie is kept once (duplicate_<kind>).
import type { CleanMovie, Coded, Named } from "../src/shared/types.ts";
import { isPyDict, PyLiteralError, type PyValue, parsePyLiteral } from "./pyliteral.ts";
import type { EtlReport, Where } from "./report.ts";

/** The 24 columns of the raw movies_metadata.csv header. */
export const RAW_MOVIE_COLUMNS = [
  "adult",
  "belongs_to_collection",
  "budget",
  "genres",
  "homepage",
  "id",
  "imdb_id",
  "original_language",
  "original_title",
  "overview",
  "popularity",
  "poster_path",
  "production_companies",
  "production_countries",
  "release_date",
  "revenue",
  "runtime",
  "spoken_languages",
  "status",
  "tagline",
  "title",
  "video",
  "vote_average",
  "vote_count",
] as const;
export type RawMovieColumn = (typeof RAW_MOVIE_COLUMNS)[number];

/** The columns cleanMovieRow reads (a reader need not decode the others). */
export const CLEANED_MOVIE_COLUMNS = [
  "belongs_to_collection",
  "budget",
  "genres",
  "id",
  "original_language",
  "overview",
  "popularity",
  "production_companies",
  "production_countries",
  "release_date",
  "revenue",
  "runtime",
  "spoken_languages",
  "title",
  "vote_average",
  "vote_count",
] as const satisfies readonly RawMovieColumn[];
export type CleanedMovieRow = Partial<Record<(typeof CLEANED_MOVIE_COLUMNS)[number], string>>;

/** A movie id: ASCII digits only, value > 0 and a safe integer; else null. */
export function parseMovieId(raw: string | undefined): number | null {
  if (raw === undefined || raw.length === 0 || raw.length > 15) return null;
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n > 0 ? n : null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year of a valid calendar date written YYYY-MM-DD (proleptic Gregorian, year ≥ 1), else null. */
export function isoDateYear(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const year = Number(m[1]),
    month = Number(m[2]),
    day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days ? year : null;
}

// Decimal notation as the raw file writes numbers ("30000000", "81.0", "1.5e-05"); Number()
// alone would also accept "", " ", "0x10" and "Infinity".
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number, or why there is none. Surrounding whitespace is ignored. */
export function readNumber(raw: string | undefined): number | "missing" | "not_numeric" {
  const text = raw === undefined ? "" : raw.trim();
  if (text === "") return "missing";
  if (!DECIMAL.test(text)) return "not_numeric";
  const n = Number(text);
  return Number.isFinite(n) ? n : "not_numeric";
}

/** A number column where a missing or non-numeric value becomes 0 (counted). */
function numberOrZero(raw: string | undefined, column: string, report: EtlReport, where: Where): number {
  const n = readNumber(raw);
  if (typeof n === "number") return n;
  report.repair(`${column}_${n}`, where);
  return 0;
}

function runtimeOrNull(raw: string | undefined, report: EtlReport, where: Where): number | null {
  const n = readNumber(raw);
  if (typeof n !== "number") {
    report.repair(`runtime_${n}`, where);
    return null;
  }
  if (n < 0) {
    report.repair("runtime_negative", where);
    return null;
  }
  return n;
}

const MISSING = Symbol("missing");
const UNPARSABLE = Symbol("unparsable");

/** Parse a nested column: MISSING when the cell is empty (the caller decides whether to count
 *  it), UNPARSABLE (already counted) when it is not a Python literal. */
function literal(raw: string | undefined, column: string, report: EtlReport, where: Where): PyValue | typeof MISSING | typeof UNPARSABLE {
  if (raw === undefined || raw.trim() === "") return MISSING;
  try {
    return parsePyLiteral(raw);
  } catch (err) {
    if (!(err instanceof PyLiteralError)) throw err;
    report.repair(`unparsable_${column}`, where);
    return UNPARSABLE;
  }
}

/** The entries of a list column; [] (counted) when missing, unparsable or not a list. */
function listEntries(raw: string | undefined, column: string, report: EtlReport, where: Where): PyValue[] {
  const v = literal(raw, column, report, where);
  if (v === UNPARSABLE) return [];
  if (v === MISSING) {
    report.repair(`missing_${column}`, where);
    return [];
  }
  if (!Array.isArray(v)) {
    report.repair(`unparsable_${column}`, where);
    return [];
  }
  return v;
}

/**
 * A copy of `s` that does not keep its source alive. V8 represents a slice of 13+ chars as a
 * view into the parent string, so a director's name would pin the whole crew text (and a
 * company name its cell) for as long as the movie lives.
 */
function own(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}

/**
 * One shared copy per distinct name or code: a million movies repeat a few thousand genre,
 * company, country and language names (and many directors), each otherwise its own string.
 */
const interned = new Map<string, string>();
function intern(s: string): string {
  let v = interned.get(s);
  if (v === undefined) {
    v = own(s);
    interned.set(v, v);
  }
  return v;
}

/**
 * One shared, frozen object per distinct (id, name) and (code, name) pair: a million movies
 * list ~9 genres, companies, countries, languages and directors each, from a few thousand
 * distinct entities (~40 bytes an object).
 */
function sharedPairs<K, V>(make: (key: K, name: string) => V): (key: K, name: string) => V {
  const byKey = new Map<K, Map<string, V>>();
  return (key, name) => {
    let byName = byKey.get(key);
    if (byName === undefined) {
      byName = new Map();
      byKey.set(key, byName);
    }
    let v = byName.get(name);
    if (v === undefined) {
      v = make(key, name);
      byName.set(name, v);
    }
    return v;
  };
}
const named = sharedPairs((id: number, name: string): Named => Object.freeze({ id, name: intern(name) }));
const coded = sharedPairs((code: string, name: string): Coded => Object.freeze({ code: intern(code), name: intern(name) }));

/** The one empty list every movie without entries shares (frozen: nothing adds to a movie's list). */
const EMPTY: never[] = Object.freeze([]) as unknown as never[];

/**
 * The list with an exact-size backing store: V8 gives an array its first push room for 17
 * elements, ~140 bytes per list that most movies leave unused (five lists per movie); an empty
 * one is the shared EMPTY (a movie has ~1.2 empty lists: 16 bytes each otherwise).
 */
function compact<T>(list: T[]): T[] {
  return list.length === 0 ? EMPTY : list.slice();
}

function toNamed(e: PyValue): Named | null {
  if (!isPyDict(e)) return null;
  const id = e.get("id");
  const name = e.get("name");
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0 || typeof name !== "string") return null;
  return named(id, name);
}

function toCoded(e: PyValue, codeKey: string): Coded | null {
  if (!isPyDict(e)) return null;
  const code = e.get(codeKey);
  const name = e.get("name");
  if (typeof code !== "string" || code.trim() === "" || typeof name !== "string") return null;
  return coded(code.trim(), name);
}

/**
 * The valid entries of a list column, each entity once (by `keyOf`), in order; an invalid entry
 * or a repeat is dropped and counted (invalid_<kind>_entry, duplicate_<kind>).
 */
function entityList<T>(
  raw: string | undefined,
  column: string,
  kind: string,
  report: EtlReport,
  where: Where,
  toEntity: (e: PyValue) => T | null,
  keyOf: (t: T) => number | string,
): T[] {
  const out: T[] = [];
  const seen = new Set<number | string>();
  for (const e of listEntries(raw, column, report, where)) {
    const t = toEntity(e);
    if (!t) report.repair(`invalid_${kind}_entry`, where);
    else if (seen.has(keyOf(t))) report.repair(`duplicate_${kind}`, where);
    else {
      seen.add(keyOf(t));
      out.push(t);
    }
  }
  return compact(out);
}

const namedList = (raw: string | undefined, column: string, kind: string, report: EtlReport, where: Where): Named[] =>
  entityList(raw, column, kind, report, where, toNamed, (n) => n.id);

const codedList = (raw: string | undefined, column: string, codeKey: string, kind: string, report: EtlReport, where: Where): Coded[] =>
  entityList(
    raw,
    column,
    kind,
    report,
    where,
    (e) => toCoded(e, codeKey),
    (c) => c.code,
  );

/** Empty or None → null without a count (most movies have no collection). */
function collection(raw: string | undefined, report: EtlReport, where: Where): Named | null {
  const v = literal(raw, "belongs_to_collection", report, where);
  if (v === MISSING || v === UNPARSABLE || v === null) return null;
  if (!isPyDict(v)) {
    report.repair("unparsable_belongs_to_collection", where);
    return null;
  }
  const n = toNamed(v);
  if (!n) report.repair("invalid_collection_entry", where);
  return n;
}

/**
 * Clean one raw movies row (keys = raw column names; only CLEANED_MOVIE_COLUMNS are read). Returns null when the row is rejected;
 * every rejection and repair is counted in `report`. Duplicate ids are not seen here (readMovies).
 */
export function cleanMovieRow(row: CleanedMovieRow, report: EtlReport, line?: number): CleanMovie | null {
  const rawId = row.id ?? "";
  const id = parseMovieId(rawId);
  if (id === null) {
    report.reject("invalid_id", { line, id: rawId });
    return null;
  }
  const where: Where = { line, id };

  const date = (row.release_date ?? "").trim();
  if (date === "") {
    report.reject("missing_release_date", where);
    return null;
  }
  const releaseYear = isoDateYear(date);
  if (releaseYear === null) {
    report.reject("invalid_release_date", where);
    return null;
  }

  const title = (row.title ?? "").trim();
  if (title === "") {
    report.reject("missing_title", where);
    return null;
  }

  const budget = numberOrZero(row.budget, "budget", report, where);
  const revenue = numberOrZero(row.revenue, "revenue", report, where);
  return {
    id,
    title,
    releaseDate: intern(date), // a million movies have a few tens of thousands of dates
    releaseYear,
    budget,
    revenue,
    return: budget > 0 ? revenue / budget : 0,
    runtime: runtimeOrNull(row.runtime, report, where),
    popularity: numberOrZero(row.popularity, "popularity", report, where),
    voteAverage: numberOrZero(row.vote_average, "vote_average", report, where),
    voteCount: numberOrZero(row.vote_count, "vote_count", report, where),
    overview: row.overview ?? "",
    originalLanguage: intern((row.original_language ?? "").trim()),
    collection: collection(row.belongs_to_collection, report, where),
    genres: namedList(row.genres, "genres", "genre", report, where),
    companies: namedList(row.production_companies, "production_companies", "company", report, where),
    countries: codedList(row.production_countries, "production_countries", "iso_3166_1", "country", report, where),
    languages: codedList(row.spoken_languages, "spoken_languages", "iso_639_1", "language", report, where),
    directors: [],
  };
}

/**
 * Directors of one movie from its raw `crew` literal: entries with job == "Director", one per
 * person id, in crew order. Unparsable or missing crew → [] (counted).
 */
export function directorsFromCrew(crewLiteral: string, report: EtlReport, where: Where = {}): Named[] {
  const out: Named[] = [];
  const seen = new Set<number>();
  for (const e of listEntries(crewLiteral, "crew", report, where)) {
    if (!isPyDict(e)) {
      report.repair("invalid_crew_entry", where);
      continue;
    }
    if (e.get("job") !== "Director") continue;
    const n = toNamed(e);
    if (!n) report.repair("invalid_director_entry", where);
    else if (seen.has(n.id)) report.repair("duplicate_director", where);
    else {
      seen.add(n.id);
      out.push(n);
    }
  }
  return compact(out);
}
