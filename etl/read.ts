// Streaming readers for the raw CSVs. Memory grows with the number of movies kept, never with
// the file size: rows are parsed and cleaned one at a time.
//
// CSV handling: strict RFC 4180 (quoted fields may hold commas, quotes and newlines), as
// csv-parse reads it with `{ bom: true, relax_column_count: true }`. Only the column count is
// relaxed, so that a row with the wrong number of fields reaches us and is rejected by count
// (wrong_field_count) instead of aborting the run. A quoting error is not skipped (csv-parse's
// skip_records_with_error loses sync and swallows the rows after it): it stops the run with an
// EtlInputError naming the file and line.
//
// A file is read by etl/csv.ts, which decodes only the fields a row needs (the credits' cast
// lists are never decoded) and hands over the same records csv-parse would. When a file leaves
// the shape that reader handles (csv.ts lists it; mostly files that are not valid CSV), the
// report goes back to where it was and the file is read again with csv-parse, which then
// decides: records, or the error that stops the run.
import fs from "node:fs";
import { pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import type { CleanMovie, Named } from "../src/shared/types.ts";
import { CLEANED_MOVIE_COLUMNS, type CleanedMovieRow, cleanMovieRow, directorsFromCrew, parseMovieId, RAW_MOVIE_COLUMNS } from "./clean.ts";
import { CsvFallback, readCsvRecords } from "./csv.ts";
import type { EtlReport } from "./report.ts";

/** The input cannot be used at all (missing file, wrong header, broken CSV). One-line message. */
export class EtlInputError extends Error {
  override readonly name = "EtlInputError";
}

export type ProgressFn = (rows: number) => void;

/** Accumulates the time spent cleaning rows (cleanMovieRow, directorsFromCrew) inside the
 *  streaming read, so a benchmark can split "CSV parsing" from "cleaning" in one pass. */
export interface CleanClock {
  ms: number;
}

function timed<T>(clock: CleanClock | undefined, fn: () => T): T {
  if (!clock) return fn();
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    clock.ms += performance.now() - t0;
  }
}
const PROGRESS_EVERY = 1_000;

/** A data row's fields, decoded when asked for. */
interface Fields {
  readonly length: number;
  field(i: number): string;
}

/** What a reader does with a file: check its header, then take its data rows in order. */
interface RowHandler {
  /** Throws EtlInputError if the header lacks a column. */
  header(names: string[]): void;
  /** `line`: 1-based line where the record starts (a quoted newline makes a record span lines). */
  row(fields: Fields, line: number): void;
}

async function checkFile(file: string, label: string): Promise<void> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new EtlInputError(code === "ENOENT" ? `${label} file not found: ${file}` : `${label} file cannot be read: ${file} (${code ?? String(err)})`);
  }
  if (!stat.isFile()) throw new EtlInputError(`${label} file is not a regular file: ${file}`);
}

const emptyHeader = (file: string, label: string) => new EtlInputError(`${label} file is empty (no header row): ${file}`);
const unreadable = (file: string, label: string, err: unknown) => {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? new EtlInputError(`${label} file cannot be read: ${file} (${code})`) : err;
};

/**
 * Reads `file` row by row into a handler made by `start` (called again, after the report is
 * set back, if the file must be read a second time with csv-parse). Blank lines are not rows,
 * only noted.
 */
async function readRows(file: string, label: string, report: EtlReport, start: () => RowHandler): Promise<void> {
  await checkFile(file, label);
  const before = report.snapshot();
  try {
    fastRows(file, label, report, start());
    return;
  } catch (err) {
    if (!(err instanceof CsvFallback)) throw err;
  }
  report.restore(before);
  await csvParseRows(file, label, report, start());
}

function fastRows(file: string, label: string, report: EtlReport, handler: RowHandler): void {
  let next = 1;
  let sawHeader = false;
  try {
    readCsvRecords(file, (rec) => {
      const line = next;
      next += 1 + rec.newlines;
      if (!sawHeader) {
        sawHeader = true;
        handler.header(rec.fields().map((h) => h.trim()));
      } else if (rec.length === 1 && rec.starts[0] === rec.ends[0]) report.note("empty_line", { line });
      else handler.row(rec, line);
    });
  } catch (err) {
    if (err instanceof CsvFallback || err instanceof EtlInputError) throw err;
    throw unreadable(file, label, err);
  }
  if (!sawHeader) throw emptyHeader(file, label);
}

async function csvParseRows(file: string, label: string, report: EtlReport, handler: RowHandler): Promise<void> {
  // No `info: true`: its per-record snapshot costs ~40% of parse time; lines are counted below.
  const parser = parse({ bom: true, relax_column_count: true });
  // pipeline (not .pipe) forwards read errors to the parser and closes the file when the
  // parser is destroyed, e.g. when the loop below stops early.
  pipeline(fs.createReadStream(file), parser, () => {});
  let next = 1;
  let sawHeader = false;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      // A record spans 1 + (newlines inside its quoted fields) lines.
      const line = next;
      next++;
      for (const f of fields) for (let i = f.indexOf("\n"); i !== -1; i = f.indexOf("\n", i + 1)) next++;
      if (!sawHeader) {
        sawHeader = true;
        handler.header(fields.map((h) => h.trim()));
      } else if (fields.length === 1 && fields[0] === "") report.note("empty_line", { line });
      else handler.row({ length: fields.length, field: (i) => fields[i] as string }, line);
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const at = (err as CsvError & { lines?: number }).lines;
      throw new EtlInputError(`${label} file ${file} is not valid CSV${at ? ` at line ${at}` : ""}: ${err.code}`);
    }
    throw unreadable(file, label, err);
  } finally {
    parser.destroy();
  }
  if (!sawHeader) throw emptyHeader(file, label);
}

/** A data row, counted as read; false (rejected as `reason`) if it has not the header's number of fields. */
function fullWidth(fields: Fields, line: number, width: number, idCol: number, reason: string, report: EtlReport): boolean {
  report.rowRead();
  if (fields.length === width) return true;
  report.reject(reason, { line, id: idCol < fields.length ? fields.field(idCol) : "" });
  return false;
}

/**
 * Read and clean movies_metadata.csv. A repeated id keeps its first row: the first row whose id
 * is valid claims the id even if it is then rejected (e.g. for its date), so later rows with that
 * id are rejected as duplicate_id too.
 */
export async function readMovies(file: string, report: EtlReport, onProgress?: ProgressFn, clock?: CleanClock): Promise<CleanMovie[]> {
  let movies: CleanMovie[] = [];
  let n = 0;
  const clockStart = clock?.ms ?? 0;
  await readRows(file, "movies", report, () => {
    movies = [];
    n = 0;
    if (clock) clock.ms = clockStart;
    const seen = new Set<number>();
    let width = 0;
    let idCol = -1;
    /** Column index of each column cleanMovieRow reads. */
    let cols: Array<[(typeof CLEANED_MOVIE_COLUMNS)[number], number]> = [];
    return {
      header(names) {
        const missing = RAW_MOVIE_COLUMNS.filter((c) => !names.includes(c));
        if (missing.length) throw new EtlInputError(`movies file ${file}: header lacks column(s) ${missing.join(", ")}`);
        width = names.length;
        idCol = names.indexOf("id");
        // a repeated column name: its last cell wins, as when a row becomes an object by name
        cols = CLEANED_MOVIE_COLUMNS.map((c) => [c, names.lastIndexOf(c)]);
        report.beginFile(file);
      },
      row(fields, line) {
        if (++n % PROGRESS_EVERY === 0) onProgress?.(n);
        if (!fullWidth(fields, line, width, idCol, "wrong_field_count", report)) return;
        const id = parseMovieId(fields.field(idCol));
        if (id !== null) {
          if (seen.has(id)) {
            report.reject("duplicate_id", { line, id });
            return;
          }
          seen.add(id);
        }
        const row: CleanedMovieRow = {};
        for (const [name, i] of cols) row[name] = fields.field(i);
        const movie = timed(clock, () => cleanMovieRow(row, report, line));
        if (movie) {
          movies.push(movie);
          report.rowKept();
        }
      },
    };
  }).finally(() => report.endFile());
  onProgress?.(n);
  return movies;
}

/** Column names accepted for the movie id in credits.csv (Kaggle: id; some copies: tmdb_id). */
export const CREDITS_ID_COLUMNS = ["id", "tmdb_id"] as const;

/**
 * Directors of the movies in `movieIds`, from credits.csv (only the crew column is parsed; the
 * huge cast column is never looked at). A movie's first credits row counts; a later one is
 * rejected as credits_duplicate_id. Rows of other movies are skipped (counted) without parsing.
 * The map holds every movie with a credits row, with [] when its crew names no director.
 */
export async function readDirectors(
  file: string,
  movieIds: Set<number>,
  report: EtlReport,
  onProgress?: ProgressFn,
  clock?: CleanClock,
): Promise<Map<number, Named[]>> {
  let directors = new Map<number, Named[]>();
  let n = 0;
  const clockStart = clock?.ms ?? 0;
  await readRows(file, "credits", report, () => {
    directors = new Map();
    n = 0;
    if (clock) clock.ms = clockStart;
    let width = 0;
    let idCol = -1;
    let crewCol = -1;
    return {
      header(names) {
        crewCol = names.indexOf("crew");
        const idName = CREDITS_ID_COLUMNS.find((c) => names.includes(c));
        if (crewCol < 0 || idName === undefined) {
          const missing = [crewCol < 0 ? "crew" : "", idName === undefined ? CREDITS_ID_COLUMNS.join(" or ") : ""].filter(Boolean);
          throw new EtlInputError(`credits file ${file}: header lacks column(s) ${missing.join(", ")}`);
        }
        width = names.length;
        idCol = names.indexOf(idName);
        report.beginFile(file);
      },
      row(fields, line) {
        if (++n % PROGRESS_EVERY === 0) onProgress?.(n);
        if (!fullWidth(fields, line, width, idCol, "credits_wrong_field_count", report)) return;
        const rawId = fields.field(idCol);
        const id = parseMovieId(rawId);
        if (id === null) {
          report.reject("credits_invalid_id", { line, id: rawId });
          return;
        }
        if (!movieIds.has(id)) {
          report.skip("credits_not_in_movies");
          return;
        }
        if (directors.has(id)) {
          report.reject("credits_duplicate_id", { line, id });
          return;
        }
        const crew = fields.field(crewCol);
        directors.set(
          id,
          timed(clock, () => directorsFromCrew(crew, report, { line, id })),
        );
        report.rowKept();
      },
    };
  }).finally(() => report.endFile());
  onProgress?.(n);
  for (const id of movieIds) {
    const d = directors.get(id);
    if (d === undefined) report.note("movie_without_credits", { id });
    else if (d.length === 0) report.note("movie_without_director", { id });
  }
  return directors;
}
