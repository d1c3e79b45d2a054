import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RAW_MOVIE_COLUMNS } from "../../etl/clean.ts";
import { type CleanClock, EtlInputError, readDirectors, readMovies } from "../../etl/read.ts";
import { EtlReport } from "../../etl/report.ts";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "etl-read-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csvLine = (cells: string[]) => cells.map(cell).join(",");

/** A raw movies row (invented values) as the 24 cells of the header order. */
function movie(id: string, over: Partial<Record<string, string>> = {}): string[] {
  const v: Record<string, string> = {
    adult: "False",
    belongs_to_collection: "",
    budget: "1000",
    genres: "[{'id': 18, 'name': 'Drama'}]",
    homepage: "",
    id,
    imdb_id: `tt${id}`,
    original_language: "en",
    original_title: `Film ${id}`,
    overview: `About film ${id}.`,
    popularity: "1.5",
    poster_path: "",
    production_companies: "[]",
    production_countries: "[{'iso_3166_1': 'US', 'name': 'United States of America'}]",
    release_date: "2001-05-04",
    revenue: "3000",
    runtime: "90.0",
    spoken_languages: "[{'iso_639_1': 'en', 'name': 'English'}]",
    status: "Released",
    tagline: "",
    title: `Film ${id}`,
    video: "False",
    vote_average: "6.1",
    vote_count: "10",
  };
  Object.assign(v, over);
  return RAW_MOVIE_COLUMNS.map((c) => v[c] ?? "");
}

function write(name: string, lines: string[], eol = "\n"): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join(eol) + eol);
  return file;
}
const header = csvLine([...RAW_MOVIE_COLUMNS]);

describe("readMovies", () => {
  it("names a missing file in a one-line EtlInputError", async () => {
    const file = path.join(dir, "nope.csv");
    const err = await readMovies(file, new EtlReport()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EtlInputError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).not.toContain("\n");
  });

  it("names the missing columns of a wrong header", async () => {
    const file = write("badheader.csv", ["id,title,budget", "1,A,0"]);
    const err = await readMovies(file, new EtlReport()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EtlInputError);
    const msg = (err as Error).message;
    expect(msg).toContain(file);
    expect(msg).toContain("release_date");
    expect(msg).toContain("spoken_languages");
    expect(msg).not.toMatch(/\btitle\b,|, budget\b/); // present columns are not listed
    expect(msg).not.toContain("\n");
  });

  it("rejects an empty file", async () => {
    const file = path.join(dir, "empty.csv");
    fs.writeFileSync(file, "");
    await expect(readMovies(file, new EtlReport())).rejects.toThrow(EtlInputError);
  });

  it("reads quoted fields with commas, quotes and newlines, and counts lines right", async () => {
    const file = write("newline.csv", [
      header,
      csvLine(movie("1", { overview: 'She said "go",\nand they went.\nThe end.', title: "One, Two" })),
      csvLine(movie("2", { release_date: "" })),
    ]);
    const report = new EtlReport();
    const movies = await readMovies(file, report);
    expect(movies).toHaveLength(1);
    expect(movies[0]?.overview).toBe('She said "go",\nand they went.\nThe end.');
    expect(movies[0]?.title).toBe("One, Two");
    // Row 2 starts on line 5: the header, then row 1 spanning lines 2-4.
    expect(report.examples("rejected", "missing_release_date")).toEqual(["line 5, id 2"]);
  });

  it("counts rows with the wrong number of fields and goes on", async () => {
    const file = write("fields.csv", [header, csvLine(movie("1")), csvLine(movie("2").slice(0, 20)), csvLine([...movie("3"), "extra"]), csvLine(movie("4"))]);
    const report = new EtlReport();
    const movies = await readMovies(file, report);
    expect(movies.map((m) => m.id)).toEqual([1, 4]);
    expect(report.count("rejected", "wrong_field_count")).toBe(2);
    expect(report.examples("rejected", "wrong_field_count")).toEqual(['line 3, id "2"', 'line 4, id "3"']);
    expect(report.file(file)).toEqual({ read: 4, kept: 2, rejected: 2, skipped: 0 });
  });

  it("keeps the first row of a repeated id, even when that first row was rejected", async () => {
    const shifted = movie("9");
    shifted.splice(5, 0, "2012-09-29"); // a date lands in `id`, as in the column-shifted rows
    shifted.pop();
    const file = write("dups.csv", [
      header,
      csvLine(movie("5", { title: "First" })),
      csvLine(movie("5", { title: "Second" })),
      csvLine(movie("6", { release_date: "2011-02-30" })),
      csvLine(movie("6", { release_date: "2011-02-28" })),
      csvLine(shifted),
      csvLine(movie("7")),
    ]);
    const report = new EtlReport();
    const movies = await readMovies(file, report);
    expect(movies.map((m) => [m.id, m.title])).toEqual([
      [5, "First"],
      [7, "Film 7"],
    ]);
    expect(report.count("rejected", "duplicate_id")).toBe(2);
    expect(report.count("rejected", "invalid_release_date")).toBe(1);
    expect(report.count("rejected", "invalid_id")).toBe(1);
    expect(report.examples("rejected", "invalid_id")).toEqual(['line 6, id "2012-09-29"']);
    const counts = report.file(file);
    expect(counts).toEqual({ read: 6, kept: 2, rejected: 4, skipped: 0 });
  });

  it("accepts a BOM, CRLF line ends, extra columns in any order, and notes blank lines", async () => {
    const cols = ["extra", ...[...RAW_MOVIE_COLUMNS].reverse()];
    const row = (id: string) => csvLine(["x", ...movie(id).reverse()]);
    const file = path.join(dir, "crlf.csv");
    fs.writeFileSync(file, `\uFEFF${csvLine(cols)}\r\n${row("11")}\r\n\r\n${row("12")}\r\n`);
    const report = new EtlReport();
    const movies = await readMovies(file, report);
    expect(movies.map((m) => m.id)).toEqual([11, 12]);
    expect(report.count("noted", "empty_line")).toBe(1);
    expect(report.examples("noted", "empty_line")).toEqual(["line 3"]);
    expect(report.file(file)).toEqual({ read: 2, kept: 2, rejected: 0, skipped: 0 });
  });

  it("stops with the file and line on a broken quote instead of losing rows", async () => {
    const file = write("quote.csv", [header, csvLine(movie("1")), csvLine(movie("2")).replace("Film 2", 'Fi"lm" 2'), csvLine(movie("3"))]);
    const err = await readMovies(file, new EtlReport()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EtlInputError);
    expect((err as Error).message).toMatch(/quote\.csv.*line 3/);
  });

  it("reports progress every 1,000 rows and at the end", async () => {
    const lines = [header];
    for (let i = 1; i <= 2500; i++) lines.push(csvLine(movie(String(i))));
    const file = write("many.csv", lines);
    const seen: number[] = [];
    const movies = await readMovies(file, new EtlReport(), (n) => seen.push(n));
    expect(movies).toHaveLength(2500);
    expect(seen).toEqual([1000, 2000, 2500]);
  });

  it("adds the time spent cleaning rows to a CleanClock, reading the same movies", async () => {
    const lines = [header];
    for (let i = 1; i <= 200; i++) lines.push(csvLine(movie(String(i))));
    const file = write("clocked.csv", lines);
    const clock: CleanClock = { ms: 0 };
    const t0 = performance.now();
    const timed = await readMovies(file, new EtlReport(), undefined, clock);
    const wall = performance.now() - t0;
    expect(timed).toEqual(await readMovies(file, new EtlReport()));
    expect(clock.ms).toBeGreaterThan(0);
    expect(clock.ms).toBeLessThan(wall); // only a part of the pass: CSV parsing is not counted
  });
});

describe("readDirectors", () => {
  const crew = (...people: [number, string, string][]) =>
    `[${people.map(([id, name, job]) => `{'credit_id': None, 'department': 'Directing', 'gender': 0, 'id': ${id}, 'job': '${job}', 'name': '${name}', 'profile_path': None}`).join(", ")}]`;

  it("reads directors of the wanted movies only, first credits row per id", async () => {
    const file = write("credits.csv", [
      "cast,crew,id",
      csvLine(["[]", crew([1, "Ana Ruiz", "Director"], [2, "Ben Ode", "Writer"]), "100"]),
      csvLine(["[]", crew([3, "Cleo Ng", "Director"]), "200"]), // not a wanted movie
      csvLine(["[]", crew([4, "Dan Ito", "Director"]), "100"]), // repeated id
      csvLine(["[]", "[]", "300"]),
      csvLine(["[]", crew([5, "Eve Sol", "Director"]), "1997-08-20"]),
      csvLine(["[]", "[]"]),
    ]);
    const report = new EtlReport();
    const map = await readDirectors(file, new Set([100, 300, 400]), report);
    expect([...map]).toEqual([
      [100, [{ id: 1, name: "Ana Ruiz" }]],
      [300, []],
    ]);
    expect(report.count("rejected", "credits_duplicate_id")).toBe(1);
    expect(report.count("rejected", "credits_invalid_id")).toBe(1);
    expect(report.count("rejected", "credits_wrong_field_count")).toBe(1);
    expect(report.count("skipped", "credits_not_in_movies")).toBe(1);
    expect(report.count("noted", "movie_without_director")).toBe(1);
    expect(report.count("noted", "movie_without_credits")).toBe(1);
    expect(report.file(file)).toEqual({ read: 6, kept: 2, rejected: 3, skipped: 1 });
    const clock: CleanClock = { ms: 0 };
    expect(await readDirectors(file, new Set([100, 300, 400]), new EtlReport(), undefined, clock)).toEqual(map);
    expect(clock.ms).toBeGreaterThan(0); // directorsFromCrew ran twice (ids 100 and 300)
  });

  it("accepts tmdb_id as the id column and never parses the cast column", async () => {
    const hugeBrokenCast = `[{'cast_id': 1, 'name': 'unterminated ${"x".repeat(200_000)}`;
    const file = write("credits-tmdb.csv", [
      "cast,crew,tmdb_id",
      csvLine([hugeBrokenCast, crew([7, "Gil Vale", "Director"], [7, "Gil Vale", "Director"]), "500"]),
    ]);
    const report = new EtlReport();
    const map = await readDirectors(file, new Set([500]), report);
    expect(map.get(500)).toEqual([{ id: 7, name: "Gil Vale" }]);
    expect(report.count("repaired", "duplicate_director")).toBe(1);
    expect(report.total("repaired")).toBe(1);
  });

  it("counts unparsable crew as no directors", async () => {
    const file = write("credits-bad.csv", ["cast,crew,id", csvLine(["[]", "[{'job': 'Director', 'id': 1", "600"])]);
    const report = new EtlReport();
    const map = await readDirectors(file, new Set([600]), report);
    expect(map.get(600)).toEqual([]);
    expect(report.count("repaired", "unparsable_crew")).toBe(1);
  });

  it("rejects a header without crew or id, and a missing file", async () => {
    const file = write("credits-head.csv", ["cast,people,movie", "[],[],1"]);
    const err = await readDirectors(file, new Set([1]), new EtlReport()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EtlInputError);
    expect((err as Error).message).toMatch(/credits-head\.csv.*crew, id or tmdb_id/);
    await expect(readDirectors(path.join(dir, "missing.csv"), new Set(), new EtlReport())).rejects.toThrow(/missing\.csv/);
  });
});
