// Checks read + clean against the real data in ../shared/data/raw (or REAL_RAW_DIR) when it is
// there. Expected figures were cross-checked outside the project with Python's csv +
// ast.literal_eval + datetime.date.fromisoformat: 4,995 kept (5,000 rows, 4,999 distinct ids,
// 4 empty release dates); John Lasseter's 3 movies have returns summing to 21.0053.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { readDirectors, readMovies } from "../../etl/read.ts";
import { EtlReport } from "../../etl/report.ts";
import { REAL_RAW_DIR } from "../../etl/sources.ts";
import type { CleanMovie, Named } from "../../src/shared/types.ts";

const rawDir = REAL_RAW_DIR;
const moviesFile = path.join(rawDir, "movies_dataset.csv");
const creditsFile = path.join(rawDir, "credits.csv");
const sampleCredits = path.join(rawDir, "supplementary", "credits_sample_warwick_cs126.csv");
const exists = fs.existsSync(moviesFile) && fs.existsSync(creditsFile);

describe.skipIf(!exists)("read + clean on the real data", () => {
  const report = new EtlReport();
  let movies: CleanMovie[] = [];
  let directors = new Map<number, Named[]>();
  const byId = (id: number) => movies.find((m) => m.id === id);

  beforeAll(async () => {
    movies = await readMovies(moviesFile, report);
    directors = await readDirectors(creditsFile, new Set(movies.map((m) => m.id)), report);
    for (const m of movies) m.directors = directors.get(m.id) ?? [];
  });

  it("reads 5,000 rows and keeps 4,995 movies", () => {
    expect(report.file(moviesFile)).toEqual({ read: 5000, kept: 4995, rejected: 5, skipped: 0 });
    expect(movies).toHaveLength(4995);
    expect(report.count("rejected", "duplicate_id")).toBe(1);
    expect(report.count("rejected", "missing_release_date")).toBe(4);
    expect(report.total("rejected")).toBe(5);
  });

  it("agrees with an independent count: distinct ids of rows with a date", () => {
    const rows: Record<string, string>[] = parse(fs.readFileSync(moviesFile), { columns: true });
    const dated = new Set(rows.filter((r) => /^\d+$/.test(r.id ?? "") && /^\d{4}-\d\d-\d\d$/.test(r.release_date ?? "")).map((r) => r.id));
    expect(rows).toHaveLength(5000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(4999);
    expect(movies.length).toBe(dated.size);
  });

  it("cleans Toy Story", () => {
    const toy = byId(862);
    expect(toy).toMatchObject({ title: "Toy Story", runtime: 81, releaseYear: 1995, budget: 30_000_000, revenue: 373_554_033 });
    expect(toy?.collection?.name).toBe("Toy Story Collection");
    expect(toy?.genres.map((g) => g.name)).toEqual(["Animation", "Comedy", "Family"]);
    expect(toy?.directors).toEqual([{ id: 7879, name: "John Lasseter" }]);
  });

  it("keeps the order of spoken languages", () => {
    expect(byId(8844)?.languages.map((l) => l.code)).toEqual(["en", "fr"]); // Jumanji
  });

  it("finds John Lasseter's three movies and their total return", () => {
    const his = movies.filter((m) => m.directors.some((d) => d.name === "John Lasseter"));
    expect(his.map((m) => m.id).sort((a, b) => a - b)).toEqual([862, 863, 9487]);
    expect(his.reduce((sum, m) => sum + m.return, 0)).toBeCloseTo(21.01, 2);
  });

  it("accounts for every credits row", () => {
    const c = report.file(creditsFile);
    expect(c?.read).toBe(44545);
    expect(c && c.kept + c.rejected + c.skipped).toBe(c?.read);
    expect(directors.size).toBe(4967);
    expect(report.count("noted", "movie_without_credits")).toBe(4995 - 4967);
  });

  it.skipIf(!fs.existsSync(sampleCredits))("reads raw-format credits with real cast lists (tmdb_id column)", async () => {
    const r = new EtlReport();
    const sample = await readDirectors(sampleCredits, new Set(movies.map((m) => m.id)), r);
    expect(sample.size).toBe(112);
    expect(r.total("rejected") + r.total("repaired")).toBe(0);
    for (const [id, ds] of sample) {
      expect(new Set(ds.map((d) => d.name)), String(id)).toEqual(new Set(directors.get(id)?.map((d) => d.name)));
    }
  });
});
