// The EDA figures about what the recommender reads (etl/eda/model.ts) and the original EDA's
// longest movies and popularity vs budget (etl/eda/stats.ts), on hand-made catalogues.
import { describe, expect, it } from "vitest";
import { edaCharts } from "../../etl/eda/charts.ts";
import { countedOverviewTerms, documentFrequency, modelStats, overviewTerms, SIM_BIN, titleTerms, topTerms } from "../../etl/eda/model.ts";
import { edaStats, OUTLIERS } from "../../etl/eda/stats.ts";
import { movieDocs } from "../../etl/pipeline.ts";
import { buildTfidf } from "../../etl/recommender/tfidf.ts";
import { computeNeighbours, neighbourLists } from "../../etl/recommender/topk.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { cleanMovie } from "./clean-movie.ts";

const movie = (id: number, over: Partial<CleanMovie> = {}): CleanMovie =>
  cleanMovie(id, { runtime: 100, popularity: 1, voteAverage: 5, voteCount: 10, ...over });

describe("word frequencies", () => {
  it("count the movies whose text has the word, once per movie, without stop words or punctuation, as the recommender tokenises", () => {
    const movies = [
      movie(1, { title: "The Man Who Knew Too Much", overview: "A man, a plan. A man's plan!" }),
      movie(2, { title: "Man on Fire", overview: "Fire and ice." }),
      movie(3, { title: "The Wrong Man", overview: "Mans the fire" }),
    ];
    // "fire" is one of scikit-learn's English stop words, as are "the", "who", "too", "much", "on", "a", "and".
    expect(titleTerms(movies)).toEqual([
      { term: "man", count: 3 },
      { term: "knew", count: 1 },
      { term: "wrong", count: 1 },
    ]);
    // "man's" loses its apostrophe ("mans"), as re.sub(r'[^\w\s]', '', text) does.
    expect(overviewTerms(movies)).toEqual([
      { term: "mans", count: 2 },
      { term: "ice", count: 1 },
      { term: "man", count: 1 },
      { term: "plan", count: 1 },
    ]);
    expect(documentFrequency(["bb aa", "aa"], 1)).toEqual([{ term: "aa", count: 2 }]);
  });
  it("of overviews are what the recommender counted while it read the texts in parts", async () => {
    const movies = [
      movie(1, { title: "Man on Fire", genres: [{ id: 18, name: "Drama" }], overview: "A man, a plan. A man's plan! ΟΔΥΣΣΕΑΣ" }),
      movie(2, { title: "Plan 9", genres: [], overview: "Drama drama, İstanbul" }),
      movie(3, { title: "Mans", genres: [{ id: 35, name: "Comedy" }], overview: "" }),
    ];
    const res = await computeNeighbours(movieDocs(movies), 5, { threads: 1 });
    const counted = countedOverviewTerms(res.tfidf);
    // "drama" is a genre of movie 1 but in the overview of movie 2 only; "mans" is a title of movie 3.
    expect(counted).toEqual(overviewTerms(movies));
    expect(counted?.find((t) => t.term === "drama")).toEqual({ term: "drama", count: 1 });
    expect(edaStats(movies, null, counted).overviewTerms).toEqual(edaStats(movies).overviewTerms);
    // Texts given whole: nothing counted, the report counts them itself.
    expect(countedOverviewTerms(buildTfidf(["a plan"]))).toBeNull();
  });
  it("keep the n largest counts, ties in code point order", () => {
    expect(topTerms(["b", "a", "c", "d", "z"], [2, 2, 3, 0, 1], 3)).toEqual([
      { term: "c", count: 3 },
      { term: "a", count: 2 },
      { term: "b", count: 2 },
    ]);
    expect(topTerms(["x", "y"], [0, 1], 5)).toEqual([{ term: "y", count: 1 }]);
  });
});

describe("modelStats", () => {
  const docs = ["toy story andy woody", "toy story andy buzz", "detective murder city", "murder detective night", "lonely"];
  it("sums each term's weights over the movies, counts the vocabulary and the terms of one movie", async () => {
    const res = await computeNeighbours(
      docs.map((text, i) => ({ id: i + 1, text })),
      5,
      { threads: 1 },
    );
    const s = modelStats(res.tfidf, res, (id) => docs[id - 1] ?? "");
    const m = buildTfidf(docs);
    expect(s.vocabulary).toBe(m.nCols);
    expect(s.singletons).toBe([...m.df].filter((d) => d === 1).length);
    const toy = m.terms.indexOf("toy");
    let sum = 0;
    for (let e = 0; e < m.indptr[m.nRows]!; e++) if (m.indices[e] === toy) sum += m.data[e]!;
    expect(s.weights.find((w) => w.term === "toy")).toEqual({ term: "toy", weight: sum, movies: 2 });
    expect(s.weights.map((w) => w.weight)).toEqual([...s.weights.map((w) => w.weight)].sort((a, b) => b - a));
  });
  it("bins each movie's first-neighbour similarity, and says which movies have none", async () => {
    const res = await computeNeighbours(
      docs.map((text, i) => ({ id: i + 1, text })),
      5,
      { threads: 1 },
    );
    const s = modelStats(res.tfidf, res, (id) => docs[id - 1] ?? "");
    expect(s.withoutNeighbour).toBe(1); // "lonely" shares nothing
    expect(s.firstSims.reduce((n, b) => n + b.count, 0)).toBe(4);
    expect(s.firstSims).toHaveLength(Math.round(1 / SIM_BIN));
    const first = (id: number) => neighbourLists(res)[[...res.ids].indexOf(id)]![0]!;
    expect(s.closest).toEqual({ id: 1, title: docs[0], neighbour: 2, neighbourTitle: docs[1], sim: first(1).sim });
    expect(s.farthest!.sim).toBeLessThanOrEqual(s.median);
    const reading = edaCharts(edaStats([], s)).find((c) => c.id === "first-neighbour")!.reading;
    expect(reading).toContain("1 movie shares no term with any other");
  });
});

describe("longest movies and popularity vs budget", () => {
  it("lists the longest movies, unknown runtimes left out", () => {
    const movies = [120, 300, null, 95, 300].map((r, i) => movie(i + 1, { runtime: r, title: `M${i + 1}` }));
    const s = edaStats(movies);
    expect(s.longest.map((m) => [m.id, m.runtime])).toEqual([
      [2, 300],
      [5, 300],
      [1, 120],
      [4, 95],
    ]);
    expect(edaCharts(s).find((c) => c.id === "longest")!.reading).toBe(
      "M2 (2000) is the longest at 300 minutes, 0 more than M5 (300); the shortest of these 4 runs 95 minutes.",
    );
  });
  it("fits log popularity on log budget and numbers the movies most popular for their budget", () => {
    const movies = Array.from({ length: 40 }, (_, i) => movie(i + 1, { budget: 1e6 * (i + 1), popularity: 1 + i / 10 }));
    movies.push(movie(99, { budget: 1e6, popularity: 500, title: "Surprise" }), movie(98, { budget: 0, popularity: 900 }));
    const p = edaStats(movies).popularity;
    expect(p.known).toBe(41);
    expect(p.r).toBeGreaterThan(0);
    expect(p.points.find((x) => x.id === 99)?.rank).toBe(1);
    expect(p.points.filter((x) => x.rank > 0)).toHaveLength(OUTLIERS);
    expect(p.points.some((x) => x.id === 98)).toBe(false);
  });
});
