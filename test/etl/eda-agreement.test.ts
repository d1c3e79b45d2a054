// The EDA report's figures are the API's: the same cleaned movies go through the ETL's real
// code paths — buildCatalog (the D1 rows every route answers from: countries.movie_count is
// /peliculas_pais's `cantidad`, languages.first_count /peliculas_idioma's, collections.* the
// /franquicia figures) and writeEdaReport (the report, data.json) — and must agree. On the
// bundled sample always, and on the real data when ../shared/data/raw is there.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCatalog, type ListedTable, type Row } from "../../etl/build/catalog.ts";
import { modelStats } from "../../etl/eda/model.ts";
import { type EdaData, writeEdaReport } from "../../etl/eda/report.ts";
import { movieDocs } from "../../etl/pipeline.ts";
import { readDirectors, readMovies } from "../../etl/read.ts";
import { movieText, tokenize } from "../../etl/recommender/text.ts";
import { computeNeighbours, neighbourLists } from "../../etl/recommender/topk.ts";
import { EtlReport } from "../../etl/report.ts";
import { REAL_RAW_DIR, resolveSources, SAMPLE_DIR } from "../../etl/sources.ts";
import type { CleanMovie } from "../../src/shared/types.ts";

const realDir = REAL_RAW_DIR;
const datasets = [
  { name: "sample", dir: SAMPLE_DIR },
  ...(fs.existsSync(path.join(realDir, "movies_dataset.csv")) ? [{ name: "real data", dir: realDir }] : []),
];

describe.each(datasets)("EDA report vs catalogue ($name)", ({ dir }) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "eda-test-"));
  const report = new EtlReport();
  let movies: CleanMovie[] = [];
  let tables: Map<string, ListedTable>;
  let data: EdaData;
  let html: string;
  let firstSim: Map<number, number>;
  const rows = (name: string): Row[] => tables.get(name)!.rows;

  beforeAll(async () => {
    const sources = resolveSources(dir);
    movies = await readMovies(sources.movies, report);
    const directors = await readDirectors(sources.credits, new Set(movies.map((m) => m.id)), report);
    for (const m of movies) m.directors = directors.get(m.id) ?? [];
    tables = new Map(buildCatalog(movies, {}).tables.map((t) => [t.name, t]));
    // The recommender as the ETL runs it: the report's model figures come from its matrix and neighbours.
    const res = await computeNeighbours(movieDocs(movies));
    const lists = neighbourLists(res);
    firstSim = new Map([...res.ids].flatMap((id, r) => (lists[r]![0] ? [[id, lists[r]![0]!.sim]] : [])));
    const titles = new Map(movies.map((m) => [m.id, m.title]));
    const model = modelStats(res.tfidf, res, (id) => titles.get(id) ?? "");
    await writeEdaReport(out, movies, report, { moviesFile: sources.movies, sample: sources.isSample }, model);
    // What is served at /eda: the files, not the in-memory result.
    data = JSON.parse(fs.readFileSync(path.join(out, "data.json"), "utf8"));
    html = fs.readFileSync(path.join(out, "index.html"), "utf8");
  }, 120_000); // the real data's read, top-k and report: seconds, more on a loaded machine
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it("has a bar for every country, with the catalogue's name and count (/peliculas_pais)", () => {
    const catalogue = rows("countries").map((r) => ({ key: r.code, name: r.name, count: r.movie_count }));
    expect(data.stats.countries.length).toBeGreaterThan(3);
    expect([...data.stats.countries].sort((a, b) => a.key.localeCompare(b.key))).toEqual(catalogue.sort((a, b) => String(a.key).localeCompare(String(b.key))));
  });

  it("counts each language as /peliculas_idioma does (first spoken language)", () => {
    const firsts = new Map(
      rows("languages")
        .filter((r) => Number(r.first_count) > 0)
        .map((r) => [r.code, r.first_count]),
    );
    expect(new Map(data.stats.languages.map((l) => [l.key, l.count]))).toEqual(firsts);
  });

  it("gives every franchise the catalogue's movie count and total revenue (/franquicia)", () => {
    const catalogue = new Map(rows("collections").map((r) => [r.id, { name: r.name, movies: r.movie_count, revenue: r.revenue_total }]));
    expect(data.stats.franchises).toHaveLength(catalogue.size);
    for (const f of data.stats.franchises) expect({ name: f.name, movies: f.movies, revenue: f.revenue }).toEqual(catalogue.get(f.id));
    const revenues = data.stats.franchises.map((f) => f.revenue);
    expect(revenues).toEqual([...revenues].sort((a, b) => b - a));
  });

  it("counts genres as the catalogue links them", () => {
    const links = new Map<string, number>();
    for (const r of rows("movie_genres")) links.set(String(r.genre_id), (links.get(String(r.genre_id)) ?? 0) + 1);
    expect(new Map(data.stats.genres.map((g) => [g.key, g.count]))).toEqual(links);
  });

  it("counts every served movie exactly once per release year", () => {
    const years = data.stats.years;
    expect(years.reduce((s, y) => s + y.count, 0)).toBe(rows("movies").length);
    expect(new Set(years.map((y) => y.year))).toEqual(new Set(rows("movies").map((r) => r.release_year)));
    expect(data.stats.movies).toBe(rows("movies").length);
  });

  it("shows the ETL report's row counts in the data-quality table", () => {
    const r = report.toJSON();
    for (const [file, c] of Object.entries(r.files)) {
      const fmt = (n: number) => n.toLocaleString("en");
      expect(html).toContain(`<th scope="row">${file}</th><td>${fmt(c.read)}</td><td>${fmt(c.kept)}</td><td>${fmt(c.rejected)}</td><td>${fmt(c.skipped)}</td>`);
    }
    for (const [reason, t] of Object.entries(r.rejected)) expect(html).toContain(`<td><code>${reason}</code></td><td>${t.count.toLocaleString("en")}</td>`);
  });

  it("lists the longest movies with the runtimes the catalogue serves (/peliculas_duracion)", () => {
    const runtimes = rows("movies")
      .filter((r) => r.runtime)
      .map((r) => ({ id: r.id, runtime: r.runtime as number }))
      .sort((a, b) => b.runtime - a.runtime || Number(a.id) - Number(b.id));
    expect(data.stats.longest.map((m) => ({ id: m.id, runtime: m.runtime }))).toEqual(runtimes.slice(0, data.stats.longest.length));
    expect(data.stats.longest.length).toBe(Math.min(15, runtimes.length));
  });

  it("plots popularity against budget with the catalogue's figures", () => {
    const byId = new Map(rows("movies").map((r) => [r.id, r]));
    expect(data.stats.popularity.known).toBe(rows("movies").filter((r) => Number(r.budget) > 0 && Number(r.popularity) > 0).length);
    for (const p of data.stats.popularity.points)
      expect({ budget: p.budget, popularity: p.popularity }).toEqual({ budget: byId.get(p.id)!.budget, popularity: byId.get(p.id)!.popularity });
  });

  it("counts title words as a plain split of the lower-cased titles does", () => {
    // An independent count: punctuation dropped, split on spaces, each movie once.
    const words = (s: string) =>
      new Set(
        s
          .toLowerCase()
          .replace(/[^\p{L}\p{N}_\s]/gu, "")
          .split(/\s+/u),
      );
    const titles = rows("movies").map((r) => words(String(r.title)));
    expect(data.stats.titleTerms.length).toBeGreaterThan(2);
    for (const t of data.stats.titleTerms) expect(titles.filter((w) => w.has(t.term)).length, t.term).toBe(t.count);
    const overviews = rows("movies").map((r) => words(String(r.overview)));
    for (const t of data.stats.overviewTerms) expect(overviews.filter((w) => w.has(t.term)).length, t.term).toBe(t.count);
  });

  it("describes the model the recommendations come from: its vocabulary and each movie's first neighbour", () => {
    const m = data.stats.model!;
    const vocabulary = new Set(
      movies.flatMap((x) =>
        tokenize(
          movieText(
            x.genres.map((g) => g.name),
            x.title,
            x.overview,
          ),
        ),
      ),
    );
    expect(m.vocabulary).toBe(vocabulary.size);
    expect(m.firstSims.reduce((n, b) => n + b.count, 0) + m.withoutNeighbour).toBe(rows("movies").length);
    // The pairs the reading names are the first recommendations the KV shards hold (before rounding).
    expect(m.closest!.sim).toBe(firstSim.get(m.closest!.id));
    expect(m.farthest!.sim).toBe(firstSim.get(m.farthest!.id));
    expect(Math.max(...firstSim.values())).toBe(m.closest!.sim);
  });

  it("renders each chart as an inline SVG with its reading under it", () => {
    const ids = Object.keys(data.readings).filter((id) => id !== "quality");
    expect(ids).toHaveLength(14);
    expect(html.match(/<svg role="img"/g)).toHaveLength(14);
    for (const id of ids) {
      const section = html.slice(html.indexOf(`<section class="chart" id="${id}"`), html.indexOf("</section>", html.indexOf(`id="${id}"`)));
      expect(section, id).toMatch(/<svg role="img" aria-label="[^"]+"[^>]*>[\s\S]*<\/svg>/);
      expect(section, id).toContain(`<figcaption class="reading">`);
      expect(data.readings[id]!.length, id).toBeGreaterThan(20);
    }
    // No inline script or style attribute: the report works under the site's strict CSP.
    expect(html).not.toMatch(/<script|\sstyle=/);
  });
});
