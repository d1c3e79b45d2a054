// The figures behind every chart of the EDA report, computed in one pass over the cleaned
// movies (plus small sorts). Pure data, no rendering: the charts, the readings and the
// agreement test (test/etl/eda-agreement.test.ts) all read these.
import type { CleanMovie } from "../../src/shared/types.ts";
import { displayName } from "../build/aliases.ts";
import { NameVotes } from "../build/catalog.ts";
import { linearFit, quantile } from "./math.ts";
import { type ModelStats, overviewTerms, type Term, titleTerms } from "./model.ts";

export { linearFit, quantile } from "./math.ts";

export interface Count {
  key: string;
  name: string;
  count: number;
}
export interface YearCount {
  year: number;
  count: number;
}
export interface RuntimeBin {
  from: number;
  to: number;
  count: number;
}
export interface Franchise {
  id: number;
  name: string;
  movies: number;
  revenue: number;
}
/** `rank`: 1 for the movie farthest from the fitted line, 2 for the next ... ; 0 if not an outlier. */
/** A movie drawn on a chart against its budget (`K`: what it is drawn by); `rank`: 1 for the farthest from the fit, ...; 0 otherwise. */
export type BudgetPoint<K extends string> = { id: number; title: string; year: number; budget: number; rank: number } & { [P in K]: number };
export type ScatterPoint = BudgetPoint<"revenue">;
export interface CorrelationCell {
  a: string;
  b: string;
  r: number;
}

export interface EdaStats {
  movies: number;
  years: YearCount[];
  genres: Count[];
  /** By first spoken language: the count /peliculas_idioma answers. */
  languages: Count[];
  /** By production country: the count /peliculas_pais answers. */
  countries: Count[];
  /** By collection, total revenue (zeros count): what /franquicia answers. */
  franchises: Franchise[];
  scatter: {
    /** Movies with budget > 0 and revenue > 0. */
    known: number;
    /** Least-squares fit of log10(revenue) on log10(budget). */
    slope: number;
    intercept: number;
    /** Pearson r of the logs. */
    r: number;
    /** Points drawn: every outlier plus an even sample of the rest (see MAX_POINTS). */
    points: ScatterPoint[];
  };
  runtime: { known: number; median: number; q1: number; q3: number; over: number; cap: number; bins: RuntimeBin[] };
  correlation: { variables: string[]; n: number; cells: CorrelationCell[] };
  /** The TOP_N longest movies, longest first (ties: lower id). */
  longest: { id: number; title: string; year: number; runtime: number }[];
  /** Popularity against budget, movies with a budget: log-log fit and the most popular for their budget. */
  popularity: { known: number; slope: number; intercept: number; r: number; points: PopularityPoint[] };
  /** Document frequency of the recommender's terms in titles and in overviews (stop words removed). */
  titleTerms: Term[];
  overviewTerms: Term[];
  /** The TF-IDF model and its neighbours (null when the report is built without them). */
  model: ModelStats | null;
}

/** `rank`: 1 for the movie most popular for its budget (farthest above the fit), ...; 0 otherwise. */
export type PopularityPoint = BudgetPoint<"popularity">;

export const TOP_N = 15;
/** An SVG with 40k circles is megabytes and tells no more than 3k: draw an even sample. */
export const MAX_POINTS = 3_000;
export const OUTLIERS = 8;
export const RUNTIME_BIN = 10;
export const RUNTIME_CAP = 240;

/** Variables of the correlation matrix, as labelled on the chart. */
export const CORRELATION_VARS: { label: string; of: (m: CleanMovie) => number }[] = [
  { label: "budget", of: (m) => m.budget },
  { label: "revenue", of: (m) => m.revenue },
  { label: "return", of: (m) => m.return },
  { label: "runtime", of: (m) => m.runtime ?? 0 },
  { label: "popularity", of: (m) => m.popularity },
  { label: "vote average", of: (m) => m.voteAverage },
  { label: "vote count", of: (m) => m.voteCount },
];

/** Largest first, then by name: a stable order for bars and for the readings. */
const byCount = (a: Count, b: Count) => b.count - a.count || a.name.localeCompare(b.name);

class Counter {
  private readonly counts = new Map<string, number>();
  readonly names = new NameVotes();
  add(key: string, name: string) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.names.add(key, name);
  }
  list(label: (key: string, datasetName: string | undefined) => string): Count[] {
    return [...this.counts].map(([key, count]) => ({ key, name: label(key, this.names.best(key)), count })).sort(byCount);
  }
}

/**
 * `model`: the recommender's figures; `counted`: the overviews' terms as the recommender counted
 * them while it read the texts (model.ts: countedOverviewTerms), else they are counted here.
 */
export function edaStats(movies: CleanMovie[], model: ModelStats | null = null, counted: Term[] | null = null): EdaStats {
  const years = new Map<number, number>();
  const genres = new Counter();
  const languages = new Counter();
  const countries = new Counter();
  const franchises = new Map<number, Franchise>();
  const runtimes: number[] = [];
  const withMoney: CleanMovie[] = [];

  for (const m of movies) {
    years.set(m.releaseYear, (years.get(m.releaseYear) ?? 0) + 1);
    for (const g of m.genres) genres.add(String(g.id), g.name);
    const first = m.languages[0];
    if (first) languages.add(first.code, first.name);
    for (const c of m.countries) countries.add(c.code, c.name);
    if (m.collection) {
      const f = franchises.get(m.collection.id) ?? { id: m.collection.id, name: m.collection.name, movies: 0, revenue: 0 };
      f.movies++;
      f.revenue += m.revenue;
      franchises.set(m.collection.id, f);
    }
    // 0 is the dataset's placeholder for "unknown", not a zero-minute movie.
    if (m.runtime) runtimes.push(m.runtime);
    if (m.budget > 0 && m.revenue > 0) withMoney.push(m);
  }

  return {
    movies: movies.length,
    years: [...years].map(([year, count]) => ({ year, count })).sort((a, b) => a.year - b.year),
    genres: genres.list((_, name) => name ?? "?"),
    // English names: the report is in English (the API shows the dataset's own, e.g. 日本語).
    languages: languages.list((code) => displayName("language", code, undefined)),
    countries: countries.list((code, name) => displayName("region", code, name)),
    franchises: [...franchises.values()].sort((a, b) => b.revenue - a.revenue || a.id - b.id),
    // Outliers either way: flops and surprise hits, and amounts that look like data errors (a budget of 1 dollar).
    scatter: fitOnBudget(withMoney, "revenue", 0),
    runtime: runtimeStats(runtimes),
    correlation: correlation(movies),
    longest: movies
      .filter((m) => m.runtime)
      .sort((a, b) => b.runtime! - a.runtime! || a.id - b.id)
      .slice(0, TOP_N)
      .map((m) => ({ id: m.id, title: m.title, year: m.releaseYear, runtime: m.runtime! })),
    popularity: fitOnBudget(
      movies.filter((m) => m.budget > 0 && m.popularity > 0),
      "popularity",
      1,
    ),
    titleTerms: titleTerms(movies),
    overviewTerms: counted ?? overviewTerms(movies),
    model,
  };
}

/**
 * The `n` points farthest from the fitted line, in the direction asked (+1: above, -1: below,
 * 0: either), as a rank per index (1 = farthest).
 */
function outlierRanks(xs: number[], ys: number[], fit: { slope: number; intercept: number }, ids: number[], n: number, side: -1 | 0 | 1): Map<number, number> {
  const residual = (i: number) => {
    const d = ys[i]! - (fit.intercept + fit.slope * xs[i]!);
    return side === 0 ? Math.abs(d) : side * d;
  };
  const order = xs.map((_, i) => i).sort((a, b) => residual(b) - residual(a) || ids[a]! - ids[b]!);
  return new Map(order.slice(0, n).map((i, r) => [i, r + 1]));
}

/**
 * log10 of `y` against log10(budget), over movies where both are above 0: the least-squares fit and
 * the points drawn, which are every one of the OUTLIERS farthest from the fit on `side` (ranked)
 * plus an even sample of the rest (see MAX_POINTS).
 */
function fitOnBudget<K extends "revenue" | "popularity">(movies: CleanMovie[], y: K, side: -1 | 0 | 1) {
  const xs = movies.map((m) => Math.log10(m.budget));
  const ys = movies.map((m) => Math.log10(m[y]));
  const fit = linearFit(xs, ys);
  const rank = outlierRanks(
    xs,
    ys,
    fit,
    movies.map((m) => m.id),
    OUTLIERS,
    side,
  );
  const step = Math.max(1, Math.ceil(movies.length / MAX_POINTS));
  const points = movies
    .map((m, i) => ({ id: m.id, title: m.title, year: m.releaseYear, budget: m.budget, [y]: m[y], rank: rank.get(i) ?? 0 }) as BudgetPoint<K>)
    .filter((p, i) => p.rank > 0 || i % step === 0);
  return { known: movies.length, ...fit, points };
}

function runtimeStats(runtimes: number[]): EdaStats["runtime"] {
  const sorted = Float64Array.from(runtimes).sort();
  const bins: RuntimeBin[] = [];
  for (let from = 0; from < RUNTIME_CAP; from += RUNTIME_BIN) bins.push({ from, to: from + RUNTIME_BIN, count: 0 });
  let over = 0;
  for (const t of sorted) {
    if (t >= RUNTIME_CAP) over++;
    else bins[Math.floor(t / RUNTIME_BIN)]!.count++;
  }
  return { known: sorted.length, median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), over, cap: RUNTIME_CAP, bins };
}

/** Pearson r of every pair, over the movies whose budget, revenue and runtime are all known. */
function correlation(movies: CleanMovie[]): EdaStats["correlation"] {
  const complete = movies.filter((m) => m.budget > 0 && m.revenue > 0 && m.runtime);
  const columns = CORRELATION_VARS.map((v) => complete.map(v.of));
  const cells: CorrelationCell[] = [];
  CORRELATION_VARS.forEach((a, i) => {
    CORRELATION_VARS.forEach((b, j) => {
      cells.push({ a: a.label, b: b.label, r: i === j ? 1 : linearFit(columns[i]!, columns[j]!).r });
    });
  });
  return { variables: CORRELATION_VARS.map((v) => v.label), n: complete.length, cells };
}
