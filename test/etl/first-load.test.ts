// Rows written by a first load (the Free plan allows 100,000 a day for the whole account): the
// seed's INSERTs run on a fresh local D1 (Miniflare, the workerd that `wrangler dev` runs), and
// D1's own `meta.rows_written` is summed per table. That figure counts a table row plus one
// entry per index (a WITHOUT ROWID table is its own index), and one row per FTS5 row: the
// statements FTS5 runs on its shadow tables are not added to it (see README, "Where data
// lives"); their row counts are printed too, for the conservative reading.
//
// Runs on the real data when ../shared/data/raw (or REAL_RAW_DIR) is there, else on the sample;
// FIRST_LOAD_RAW_DIR=<dir> measures any catalogue, e.g. a 45k synthetic one:
//   node ../shared/tools/synth-movies.mjs --movies 45000 --seed 7 --out /tmp/synth45k
//   FIRST_LOAD_RAW_DIR=/tmp/synth45k npx vitest run --project etl first-load
import fs from "node:fs";
import path from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REAL_RAW_DIR } from "../../etl/sources.ts";
import { splitSqlStatements } from "../../etl/write/sql.ts";
import { buildSeedFixture, type SeedFixture } from "../seed-fixture.ts";

const realDir = REAL_RAW_DIR;
const rawDir = process.env.FIRST_LOAD_RAW_DIR ?? (fs.existsSync(path.join(realDir, "movies_dataset.csv")) ? realDir : undefined);
/** The Free plan's rows written per day, and the real catalogue's size: its first load must fit one day. */
const FREE_ROWS_WRITTEN_PER_DAY = 100_000;
const REAL_MOVIES = 4_995;

/** The schema migrations, as statements (comments first: they may hold semicolons). */
function migrationStatements(): string[] {
  const dir = path.resolve("migrations");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) => splitSqlStatements(fs.readFileSync(path.join(dir, f), "utf8").replace(/--[^\n]*/g, "")));
}

/** A Worker that runs statements as one D1 batch and answers each one's rows written and rows. */
const RUNNER = `export default {
  async fetch(req, env) {
    const results = await env.DB.batch((await req.json()).map((s) => env.DB.prepare(s)));
    return Response.json(results.map((r) => ({ written: r.meta.rows_written, rows: r.results })));
  },
};`;

describe(`a first load's D1 rows written (${rawDir ?? "sample"})`, () => {
  let mf: Miniflare;
  const run = async (statements: string[]) =>
    (await (await mf.dispatchFetch("http://load/", { method: "POST", body: JSON.stringify(statements) })).json()) as {
      written: number;
      rows: Record<string, number>[];
    }[];
  let seed: SeedFixture;
  /** Rows written per table, in load order. */
  const perTable = new Map<string, number>();
  const rows = (table: string) => seed.counts[table]!;
  let shadow: { table: string; rows: number }[] = [];
  let inCollections = 0;

  beforeAll(async () => {
    mf = new Miniflare({ modules: true, script: RUNNER, d1Databases: { DB: "first-load" } });
    seed = await buildSeedFixture(rawDir);
    await run(migrationStatements());
    for (let i = 0; i < seed.sql.length; i += 50) {
      const stmts = seed.sql.slice(i, i + 50);
      (await run(stmts)).forEach((r, j) => {
        const table = /^INSERT INTO (\w+)/.exec(stmts[j]!)![1]!;
        perTable.set(table, (perTable.get(table) ?? 0) + r.written);
      });
    }
    const [collected, names] = await run([
      "SELECT count(*) AS n FROM movies WHERE collection_id IS NOT NULL",
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'search_*_*' ORDER BY name",
    ]);
    inCollections = collected!.rows[0]!.n!;
    const shadowNames = (names!.rows as unknown as { name: string }[]).map((r) => r.name);
    const counts = await run(shadowNames.map((n) => `SELECT count(*) AS n FROM ${n}`));
    shadow = shadowNames.map((table, i) => ({ table, rows: counts[i]!.rows[0]!.n! }));
  }, 600_000);
  afterAll(() => mf?.dispose());

  it("writes under a Free-plan day's 100,000 rows for the real 4,995 movies (pro rata for bigger catalogues)", () => {
    const movies = seed.counts.movies!;
    const total = [...perTable.values()].reduce((n, w) => n + w, 0);
    console.log(
      [
        `first load, ${movies} movies: ${total} D1 rows written (${(total / movies).toFixed(1)} per movie)`,
        "  table                rows   rows written",
        ...[...perTable].map(([name, w]) => `  ${name.padEnd(18)} ${String(rows(name)).padStart(7)} ${String(w).padStart(9)}`),
        "  FTS5 shadow tables (rows they hold; not in D1's rows_written):",
        ...shadow.map((s) => `  ${s.table.padEnd(24)} ${String(s.rows).padStart(7)}`),
      ].join("\n"),
    );
    expect(total).toBeGreaterThan(movies); // it did count
    expect(total).toBeLessThan(FREE_ROWS_WRITTEN_PER_DAY * Math.max(1, movies / REAL_MOVIES));
  });

  it("counts one row per FTS5 row, an entry per index, and nothing for a table's missing indexes", () => {
    // search_words and search_trigrams hold the same entries.
    expect(perTable.get("search_words")).toBe(rows("search_words"));
    expect(perTable.get("search_trigrams")).toBe(rows("search_words"));
    // Link tables and titles have no second index: one row written per row.
    for (const t of ["titles", "movie_genres", "movie_companies", "movie_countries", "movie_languages", "movie_directors", "directors"]) {
      expect(perTable.get(t), t).toBe(rows(t));
    }
    // movies: the row, plus a movies_by_collection entry for each movie in a collection only.
    expect(perTable.get("movies")).toBe(rows("movies") + inCollections);
  });
});
