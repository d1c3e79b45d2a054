// Streaming readers for the raw CSVs. Memory grows with the number of movies kept, never with
// the file size: rows are parsed and cleaned one at a time.
//
// CSV handling: strict RFC 4180 (quoted fields may hold commas, quotes and newlines). Only
// `relax_column_count` is relaxed, so that a row with the wrong number of fields reaches us and
// is rejected by count (wrong_field_count) instead of aborting the run. A quoting error is not
// skipped (csv-parse's skip_records_with_error loses sync and swallows the rows after it):
// it stops the run with an EtlInputError naming the file and line.
import fs from "node:fs";
import { pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import type { CleanMovie, Named } from "../src/shared/types.ts";
import { cleanMovieRow, directorsFromCrew, parseMovieId, RAW_MOVIE_COLUMNS } from "./clean.ts";
import type { EtlReport } from "./report.ts";

/** The input cannot be used at all (missing file, wrong header, broken CSV). One-line message. */
export class EtlInputError extends Error {
  override readonly name = "EtlInputError";
}

export type ProgressFn = (rows: number) => void;

/** Accumulates the time spent cleaning rows (cleanMovieRow, directorsFromCrew) inside the
 *  streaming read, so a benchmark can split "CSV parsing" from "cleaning" in one pass. */
export interface CleanClock { ms: number }

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

interface CsvRow {
  fields: string[];
  /** 1-based line where the record starts (a quoted newline makes a record span lines). */
  line: number;
}

/** Header plus an async stream of data rows; blank lines are not rows, only noted. */
async function openCsv(file: string, label: string, report: EtlReport): Promise<{ header: string[]; rows: AsyncGenerator<CsvRow> }> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new EtlInputError(code === "ENOENT" ? `${label} file not found: ${file}` : `${label} file cannot be read: ${file} (${code ?? String(err)})`);
  }
  if (!stat.isFile()) throw new EtlInputError(`${label} file is not a regular file: ${file}`);

  // No `info: true`: its per-record snapshot costs ~40% of parse time; lines are counted below.
  const parser = parse({ bom: true, relax_column_count: true });
  // pipeline (not .pipe) forwards read errors to the parser and closes the file when the
  // parser is destroyed, e.g. when the caller stops iterating early.
  pipeline(fs.createReadStream(file), parser, () => {});
  const it = iterate(parser, file, label, report);
  const first = await it.next();
  if (first.done) throw new EtlInputError(`${label} file is empty (no header row): ${file}`);
  return { header: first.value.fields.map((h) => h.trim()), rows: it };
}

async function* iterate(parser: AsyncIterable<string[]>, file: string, label: string, report: EtlReport): AsyncGenerator<CsvRow> {
  let next = 1;
  try {
    for await (const fields of parser) {
      // A record spans 1 + (newlines inside its quoted fields) lines.
      const line = next;
      next++;
      for (const f of fields) for (let i = f.indexOf("\n"); i !== -1; i = f.indexOf("\n", i + 1)) next++;
      if (fields.length === 1 && fields[0] === "") {
        report.note("empty_line", { line });
        continue;
      }
      yield { fields, line };
    }
  } catch (err) {
    if (err instanceof CsvError) {
      const at = (err as CsvError & { lines?: number }).lines;
      throw new EtlInputError(`${label} file ${file} is not valid CSV${at ? ` at line ${at}` : ""}: ${err.code}`);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new EtlInputError(`${label} file cannot be read: ${file} (${code})`);
    throw err;
  }
}

/**
 * Read and clean movies_metadata.csv. A repeated id keeps its first row: the first row whose id
 * is valid claims the id even if it is then rejected (e.g. for its date), so later rows with that
 * id are rejected as duplicate_id too.
 */
export async function readMovies(file: string, report: EtlReport, onProgress?: ProgressFn, clock?: CleanClock): Promise<CleanMovie[]> {
  const { header, rows } = await openCsv(file, "movies", report);
  const missing = RAW_MOVIE_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) {
    await rows.return(undefined);
    throw new EtlInputError(`movies file ${file}: header lacks column(s) ${missing.join(", ")}`);
  }
  const idCol = header.indexOf("id");
  report.beginFile(file);
  const movies: CleanMovie[] = [];
  const seen = new Set<number>();
  let n = 0;
  try {
    for await (const { fields, line } of rows) {
      report.rowRead();
      if (++n % PROGRESS_EVERY === 0) onProgress?.(n);
      if (fields.length !== header.length) {
        report.reject("wrong_field_count", { line, id: fields[idCol] ?? "" });
        continue;
      }
      const id = parseMovieId(fields[idCol]);
      if (id !== null) {
        if (seen.has(id)) {
          report.reject("duplicate_id", { line, id });
          continue;
        }
        seen.add(id);
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) row[header[i]!] = fields[i]!;
      const movie = timed(clock, () => cleanMovieRow(row, report, line));
      if (movie) {
        movies.push(movie);
        report.rowKept();
      }
    }
  } finally {
    report.endFile();
  }
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
  file: string, movieIds: Set<number>, report: EtlReport, onProgress?: ProgressFn, clock?: CleanClock,
): Promise<Map<number, Named[]>> {
  const { header, rows } = await openCsv(file, "credits", report);
  const crewCol = header.indexOf("crew");
  const idName = CREDITS_ID_COLUMNS.find((c) => header.includes(c));
  if (crewCol < 0 || idName === undefined) {
    const missing = [crewCol < 0 ? "crew" : "", idName === undefined ? CREDITS_ID_COLUMNS.join(" or ") : ""].filter(Boolean);
    await rows.return(undefined);
    throw new EtlInputError(`credits file ${file}: header lacks column(s) ${missing.join(", ")}`);
  }
  const idCol = header.indexOf(idName);
  report.beginFile(file);
  const directors = new Map<number, Named[]>();
  let n = 0;
  try {
    for await (const { fields, line } of rows) {
      report.rowRead();
      if (++n % PROGRESS_EVERY === 0) onProgress?.(n);
      if (fields.length !== header.length) {
        report.reject("credits_wrong_field_count", { line, id: fields[idCol] ?? "" });
        continue;
      }
      const rawId = fields[idCol]!;
      const id = parseMovieId(rawId);
      if (id === null) {
        report.reject("credits_invalid_id", { line, id: rawId });
        continue;
      }
      if (!movieIds.has(id)) {
        report.skip("credits_not_in_movies");
        continue;
      }
      if (directors.has(id)) {
        report.reject("credits_duplicate_id", { line, id });
        continue;
      }
      directors.set(id, timed(clock, () => directorsFromCrew(fields[crewCol]!, report, { line, id })));
      report.rowKept();
    }
  } finally {
    report.endFile();
  }
  onProgress?.(n);
  for (const id of movieIds) {
    const d = directors.get(id);
    if (d === undefined) report.note("movie_without_credits", { id });
    else if (d.length === 0) report.note("movie_without_director", { id });
  }
  return directors;
}
