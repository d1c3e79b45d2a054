// The EDA report's figures and readings on small hand-made catalogues, where the right answer
// can be worked out by hand.
import { describe, expect, it } from "vitest";
import { edaCharts } from "../../etl/eda/charts.ts";
import { renderSvg } from "../../etl/eda/render.ts";
import { edaStats, linearFit, MAX_POINTS, OUTLIERS, quantile } from "../../etl/eda/stats.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { COUNTRY, cleanMovie, LANGUAGE } from "./clean-movie.ts";

function movie(id: number, over: Partial<CleanMovie> = {}): CleanMovie {
  return cleanMovie(id, { runtime: 100, popularity: 1, voteAverage: 5, voteCount: 10, ...over });
}

const readings = (movies: CleanMovie[]) => Object.fromEntries(edaCharts(edaStats(movies)).map((c) => [c.id, c.reading]));

describe("edaStats", () => {
  it("finds the busiest year and the span of the catalogue", () => {
    const movies = [1990, 1995, 1995, 2000].map((y, i) => movie(i + 1, { releaseYear: y }));
    expect(edaStats(movies).years).toEqual([
      { year: 1990, count: 1 },
      { year: 1995, count: 2 },
      { year: 2000, count: 1 },
    ]);
    expect(readings(movies).years).toBe("Most movies were released in 1995 (2); the catalogue runs from 1990 to 2000.");
  });

  it("counts a language only when it is the first spoken one, a country for every co-production", () => {
    const { fr, en } = LANGUAGE;
    const movies = [
      movie(1, {
        languages: [fr, en],
        countries: [COUNTRY.FR, COUNTRY.BE],
      }),
      movie(2, { languages: [en], countries: [COUNTRY.FR] }),
      movie(3, { languages: [fr] }),
    ];
    const s = edaStats(movies);
    expect(s.languages).toEqual([
      { key: "fr", name: "French", count: 2 },
      { key: "en", name: "English", count: 1 },
    ]);
    expect(s.countries).toEqual([
      { key: "FR", name: "France", count: 2 },
      { key: "BE", name: "Belgium", count: 1 },
    ]);
    expect(readings(movies).countries).toBe("France is a production country of 2 movies (66.7%), 2.0× as many as Belgium (1).");
  });

  it("sums franchise revenue with zeros counted, largest first", () => {
    const a = { id: 7, name: "A Collection" },
      b = { id: 8, name: "B Collection" };
    const s = edaStats([movie(1, { collection: a, revenue: 100 }), movie(2, { collection: a, revenue: 0 }), movie(3, { collection: b, revenue: 150 })]);
    expect(s.franchises).toEqual([
      { id: 8, name: "B Collection", movies: 1, revenue: 150 },
      { id: 7, name: "A Collection", movies: 2, revenue: 100 },
    ]);
  });

  it("describes runtimes by quartiles, leaving unknown (null or 0) ones out", () => {
    const runtimes = [90, 100, 110, 300, null, 0];
    const s = edaStats(runtimes.map((r, i) => movie(i + 1, { runtime: r })));
    expect(s.runtime).toMatchObject({ known: 4, q1: 97.5, median: 105, q3: 157.5, over: 1 });
    expect(s.runtime.bins.find((b) => b.from === 90)?.count).toBe(1);
    expect(s.runtime.bins.reduce((n, b) => n + b.count, 0)).toBe(3);
  });

  it("correlates budget and revenue over complete movies only", () => {
    const movies = [1, 2, 3, 4].map((k) => movie(k, { budget: k * 10, revenue: k * 30, runtime: 90 + k }));
    movies.push(movie(5, { budget: 0, revenue: 999 })); // incomplete: left out
    const c = edaStats(movies).correlation;
    expect(c.n).toBe(4);
    const r = (a: string, b: string) => c.cells.find((x) => x.a === a && x.b === b)!.r;
    expect(r("budget", "revenue")).toBeCloseTo(1, 12);
    expect(r("budget", "runtime")).toBeCloseTo(1, 12);
    expect(r("budget", "vote count")).toBe(0); // constant: no correlation, not NaN
    expect(c.cells).toHaveLength(49);
  });

  it("draws at most MAX_POINTS points but keeps every outlier", () => {
    const n = 10_000;
    const movies = Array.from({ length: n }, (_, i) => movie(i + 1, { budget: 1e6 * (1 + (i % 100)), revenue: 2e6 * (1 + (i % 100)) }));
    movies[4_321] = movie(4_322, { budget: 1e6, revenue: 1 }); // far below the trend
    const s = edaStats(movies).scatter;
    expect(s.known).toBe(n);
    expect(s.points.length).toBeLessThanOrEqual(MAX_POINTS + OUTLIERS);
    expect(
      s.points
        .filter((p) => p.rank > 0)
        .map((p) => p.rank)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: OUTLIERS }, (_, i) => i + 1));
    expect(s.points.find((p) => p.id === 4_322)?.rank).toBe(1);
  });
});

describe("helpers", () => {
  it("fits a line and measures r", () => {
    expect(linearFit([1, 2, 3], [3, 5, 7])).toEqual({ slope: 2, intercept: 1, r: 1 });
    expect(linearFit([1, 2, 3], [3, 2, 1]).r).toBeCloseTo(-1, 12);
  });

  it("interpolates quantiles like numpy", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe("charts", () => {
  it("render to SVG even for an empty catalogue, with a reading that says so", async () => {
    const charts = edaCharts(edaStats([]));
    expect(charts.map((c) => c.reading)).toContain("No movies.");
    for (const c of charts) expect(await renderSvg(c.spec)).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });
});
