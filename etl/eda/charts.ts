// The charts of the EDA report: for each one a vega-lite spec and a one-line reading, both built
// from the same figures (stats.ts), so the sentence under a chart always describes that chart.
import type { TopLevelSpec } from "vega-lite";
import { count, fixed, money, pct } from "./format.ts";
import { SIM_BIN, type Term } from "./model.ts";
import { type Count, type EdaStats, type PopularityPoint, RUNTIME_BIN, type ScatterPoint, TOP_N } from "./stats.ts";

/** A chart: its title and subtitle (scope of the data) head the figure in the page, the reading
 * sits under it, the spec holds the axes and marks. */
export interface Chart {
  id: string;
  title: string;
  subtitle: string;
  reading: string;
  spec: TopLevelSpec;
  notes?: string[];
}

const WIDTH = 480;
const BAR_STEP = 20;
const ACCENT = "#1d5fa6"; // 6.6:1 on white
const ALERT = "#b3261e";
const MUTED = "#5b6570";

/** A d3 format for dollars that writes B for billions (d3's SI prefix is G). */
const DOLLARS = "replace(format(datum.value, '$~s'), 'G', 'B')";

const config = {
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  background: "#ffffff",
  axis: { labelFontSize: 12, titleFontSize: 13, titleColor: "#1f2328", labelColor: "#1f2328", gridColor: "#e6e8eb" },
  legend: { labelFontSize: 12, titleFontSize: 13 },
  view: { stroke: null },
} as const;

function bars(
  id: string,
  title: string,
  subtitle: string,
  rows: Pick<Count, "name" | "count">[],
  axisTitle: string,
  reading: string,
  valueTitle = "Movies",
): Chart {
  // Rows arrive sorted (stats.ts), so the axis keeps their order (sort: null).
  const values = rows.slice(0, TOP_N).map((r) => ({ name: r.name, count: r.count }));
  return {
    id,
    title,
    subtitle,
    reading,
    spec: {
      config,
      width: WIDTH - 140,
      height: { step: BAR_STEP },
      data: { values },
      encoding: {
        y: { field: "name", type: "nominal", sort: null, title: axisTitle, axis: { labelLimit: 210 } },
        x: { field: "count", type: "quantitative", title: valueTitle, axis: { format: ",d" } },
      },
      layer: [
        { mark: { type: "bar", color: ACCENT } },
        {
          mark: { type: "text", align: "left", dx: 3, fontSize: 11, color: "#1f2328" },
          encoding: { text: { field: "count", type: "quantitative", format: "," } },
        },
      ],
    },
  };
}

const second = (rows: { name: string; count: number }[]) => (rows[1] ? `; next is ${rows[1].name} (${count(rows[1].count)})` : "");

function years(s: EdaStats): Chart {
  const title = "Movies per release year";
  const peak = [...s.years].sort((a, b) => b.count - a.count || a.year - b.year)[0];
  const first = s.years[0],
    last = s.years[s.years.length - 1];
  const reading =
    peak && first && last
      ? `Most movies were released in ${peak.year} (${count(peak.count)}); the catalogue runs from ${first.year} to ${last.year}.`
      : "No movies.";
  return {
    id: "years",
    title,
    reading,
    subtitle: `${count(s.movies)} movies by the year of their release date`,
    spec: {
      config,
      width: WIDTH,
      height: 240,
      data: { values: s.years },
      encoding: {
        x: { field: "year", type: "quantitative", title: "Release year", scale: { zero: false }, axis: { format: "d" } },
        y: { field: "count", type: "quantitative", title: "Movies released" },
      },
      layer: [
        { mark: { type: "area", color: ACCENT, opacity: 0.15, line: { color: ACCENT } } },
        {
          transform: [{ filter: `datum.year == ${peak?.year ?? 0}` }],
          mark: { type: "point", filled: true, color: ALERT, size: 50 },
        },
        {
          transform: [{ filter: `datum.year == ${peak?.year ?? 0}` }],
          mark: { type: "text", align: "right", dx: -8, dy: -4, color: ALERT, fontWeight: "bold" },
          encoding: { text: { value: `${peak?.year ?? ""}: ${count(peak?.count ?? 0)}` } },
        },
      ],
    },
  };
}

function genres(s: EdaStats): Chart {
  const [g] = s.genres;
  const reading = g
    ? `${g.name} is the most common genre, on ${count(g.count)} of ${count(s.movies)} movies (${pct(g.count, s.movies)})${second(s.genres)}.`
    : "No genres.";
  return bars("genres", "Top genres", "Movies per genre (a movie can have several)", s.genres, "Genre", reading);
}

function languages(s: EdaStats): Chart {
  const [l] = s.languages;
  const reading = l ? `${l.name} is the first spoken language of ${count(l.count)} movies (${pct(l.count, s.movies)})${second(s.languages)}.` : "No languages.";
  return bars(
    "languages",
    "Top languages",
    "Movies per first spoken language (English names), as /peliculas_idioma counts them",
    s.languages,
    "Language",
    reading,
  );
}

function countries(s: EdaStats): Chart {
  const [c, d] = s.countries;
  const reading = c
    ? `${c.name} is a production country of ${count(c.count)} movies (${pct(c.count, s.movies)})` +
      (d ? `, ${fixed(c.count / d.count, 1)}× as many as ${d.name} (${count(d.count)}).` : ".")
    : "No countries.";
  return bars(
    "countries",
    "Top production countries",
    "Movies per production country (co-productions count for each), as /peliculas_pais counts them",
    s.countries,
    "Country",
    reading,
  );
}

/**
 * A log-log scatter's layers: the points, the fitted line, and the outliers in red, numbered
 * (odd numbers above their point, even ones below: outliers often come in pairs).
 */
type Layers = Extract<TopLevelSpec, { layer: unknown }>["layer"];

function scatterWithOutliers<P extends { rank: number }>(points: P[], fit: object[], outliers: P[], x: object, y: object): Layers {
  return [
    { data: { values: points.filter((p) => !p.rank) }, mark: { type: "circle", size: 14, opacity: 0.35, color: ACCENT }, encoding: { x, y } },
    { data: { values: fit }, mark: { type: "line", color: MUTED, strokeDash: [4, 3] }, encoding: { x, y } },
    { data: { values: outliers }, mark: { type: "circle", size: 44, color: ALERT }, encoding: { x, y } },
    ...[1, 0].map(
      (odd) =>
        ({
          data: { values: outliers.filter((p) => p.rank % 2 === odd) },
          mark: { type: "text", align: "left", dx: 5, dy: odd ? -7 : 9, fontSize: 12, fontWeight: "bold", color: ALERT },
          encoding: { x, y, text: { field: "rank", type: "quantitative" } },
        }) as const,
    ),
  ];
}

function budgetRevenue(s: EdaStats): Chart {
  const title = "Budget vs revenue";
  const { known, slope, r, points } = s.scatter;
  const outliers = points.filter((p) => p.rank > 0).sort((a, b) => a.rank - b.rank);
  const describe = (p: ScatterPoint) => `${p.title} (${p.year}): budget ${money(p.budget)}, revenue ${money(p.revenue)}`;
  const reading = known
    ? `Across ${count(known)} movies with both amounts known, log revenue tracks log budget (r = ${fixed(r)}, slope ${fixed(slope)})` +
      (outliers[0] ? `; the farthest from the trend is ${describe(outliers[0])}.` : ".")
    : "No movie has both a budget and a revenue.";
  const budgets = points.map((p) => p.budget);
  const lo = Math.min(...budgets),
    hi = Math.max(...budgets);
  const fit = known ? [lo, hi].map((b) => ({ budget: b, revenue: 10 ** (s.scatter.intercept + slope * Math.log10(b)) })) : [];
  const shown = points.length < known ? `, ${count(points.length)} of ${count(known)} drawn` : "";
  // One tick per hundredfold: a log axis with a label per decade is unreadable at this width.
  const ticks = [1, 1e2, 1e4, 1e6, 1e8, 1e10];
  const dollarsAxis = <F extends string>(field: F, title: string) =>
    ({ field, type: "quantitative", title, scale: { type: "log" }, axis: { labelExpr: DOLLARS, values: ticks } }) as const;
  const x = dollarsAxis("budget", "Budget (USD, log scale)");
  const y = dollarsAxis("revenue", "Revenue (USD, log scale)");
  return {
    id: "budget-revenue",
    title,
    reading,
    subtitle: `Movies with budget and revenue > 0${shown}; the ${outliers.length} farthest from the fitted line are numbered and listed below`,
    // Titles next to the points overlap where outliers cluster: numbers on the chart, names here.
    notes: outliers.map(describe),
    spec: {
      config,
      width: WIDTH,
      height: 360,
      layer: scatterWithOutliers(points, fit, outliers, x, y),
    },
  };
}

function runtime(s: EdaStats): Chart {
  const title = "Runtime distribution";
  const { known, median, q1, q3, over, cap, bins } = s.runtime;
  const reading = known
    ? `Half of the ${count(known)} movies with a known runtime last between ${count(q1)} and ${count(q3)} minutes (median ${count(median)}); ${count(over)} run ${cap} minutes or longer.`
    : "No runtimes known.";
  return {
    id: "runtime",
    title,
    reading,
    subtitle: `Movies with a known runtime, in ${RUNTIME_BIN}-minute bins; the ${count(over)} of ${cap} minutes or more are not drawn`,
    spec: {
      config,
      width: WIDTH,
      height: 240,
      layer: [
        {
          data: { values: bins },
          mark: { type: "bar", color: ACCENT, binSpacing: 1 },
          encoding: {
            x: { field: "from", type: "quantitative", bin: "binned", title: "Runtime (minutes)", axis: { tickMinStep: 30 } },
            x2: { field: "to" },
            y: { field: "count", type: "quantitative", title: "Movies" },
          },
        },
        {
          data: { values: [{ median, label: `median ${count(median)} min` }] },
          encoding: { x: { field: "median", type: "quantitative" } },
          layer: [
            { mark: { type: "rule", color: ALERT, strokeDash: [4, 3] } },
            { mark: { type: "text", align: "left", dx: 4, y: 8, color: ALERT, fontSize: 11 }, encoding: { text: { field: "label", type: "nominal" } } },
          ],
        },
      ],
    },
  };
}

function correlation(s: EdaStats): Chart {
  const title = "Correlation matrix";
  const pairs = s.correlation.cells.filter((c) => s.correlation.variables.indexOf(c.a) < s.correlation.variables.indexOf(c.b));
  const strongest = [...pairs].sort((a, b) => Math.abs(b.r) - Math.abs(a.r))[0];
  const weakest = [...pairs].sort((a, b) => Math.abs(a.r) - Math.abs(b.r))[0];
  const reading =
    strongest && weakest && s.correlation.n > 1
      ? `The strongest link is ${strongest.a} with ${strongest.b} (r = ${fixed(strongest.r)}); the weakest is ${weakest.a} with ${weakest.b} (r = ${fixed(weakest.r)}).`
      : "Too few complete movies to correlate.";
  const axis = { labelAngle: 0, labelLimit: 120 };
  return {
    id: "correlation",
    title,
    reading,
    subtitle: `Pearson r over the ${count(s.correlation.n)} movies with budget, revenue and runtime known`,
    spec: {
      config,
      width: WIDTH - 60,
      height: 300,
      data: { values: s.correlation.cells.map((c) => ({ ...c, label: fixed(c.r) })) },
      encoding: {
        x: { field: "b", type: "nominal", sort: s.correlation.variables, title: "Variable", axis: { ...axis, labelAngle: -30 } },
        y: { field: "a", type: "nominal", sort: s.correlation.variables, title: "Variable", axis },
      },
      layer: [
        {
          mark: { type: "rect" },
          encoding: { color: { field: "r", type: "quantitative", title: "r", scale: { domain: [-1, 1], scheme: "redblue", reverse: true } } },
        },
        {
          mark: { type: "text", fontSize: 12 },
          encoding: {
            text: { field: "label", type: "nominal" },
            color: { condition: { test: "abs(datum.r) > 0.6", value: "#ffffff" }, value: "#1f2328" },
          },
        },
      ],
    },
  };
}

function franchises(s: EdaStats): Chart {
  const title = "Franchises by total revenue";
  const [f] = s.franchises;
  const reading = f
    ? `${f.name} earned the most: ${money(f.revenue)} over ${count(f.movies)} movies (${money(f.revenue / f.movies)} per movie), of ${count(s.franchises.length)} franchises.`
    : "No franchises.";
  // Nearly every collection is called "… Collection": the bars drop the word to fit the name.
  const values = s.franchises.slice(0, TOP_N).map((x) => ({
    name: x.name.replace(/ Collection$/, ""),
    revenue: x.revenue,
    label: `${money(x.revenue)} · ${x.movies}`,
  }));
  return {
    id: "franchises",
    title,
    reading,
    subtitle: "Sum of the revenue of each collection's movies, as /franquicia reports it; bar label: total · number of movies",
    spec: {
      config,
      width: WIDTH - 180,
      height: { step: BAR_STEP },
      data: { values },
      encoding: {
        y: { field: "name", type: "nominal", sort: null, title: "Franchise", axis: { labelLimit: 230 } },
        x: { field: "revenue", type: "quantitative", title: "Total revenue (USD)", axis: { labelExpr: DOLLARS } },
      },
      layer: [
        { mark: { type: "bar", color: ACCENT } },
        { mark: { type: "text", align: "left", dx: 3, fontSize: 11, color: "#1f2328" }, encoding: { text: { field: "label", type: "nominal" } } },
      ],
    },
  };
}

function terms(id: string, where: string, list: Term[], s: EdaStats): Chart {
  const [t] = list;
  const reading = t
    ? `"${t.term}" is in the ${where} of ${count(t.count)} movies (${pct(t.count, s.movies)})${second(list.map((x) => ({ name: `"${x.term}"`, count: x.count })))}.`
    : `No words in ${where}s.`;
  return bars(
    id,
    `Most frequent words in ${where}s`,
    `Movies whose ${where} has the word, as the recommender reads it (lower-cased, punctuation removed, English stop words left out)`,
    list.map((x) => ({ name: x.term, count: x.count })),
    "Word",
    reading,
  );
}

function modelTerms(s: EdaStats): Chart {
  const m = s.model;
  const [t] = m?.weights ?? [];
  const reading =
    m && t
      ? `The model knows ${count(m.vocabulary)} terms, ${count(m.singletons)} of them (${pct(m.singletons, m.vocabulary)}) in one movie only; ` +
        `"${t.term}" weighs most, ${fixed(t.weight, 1)} summed over the ${count(t.movies)} movies that have it.`
      : "No TF-IDF model.";
  const rows = (m?.weights ?? []).map((w) => ({ name: w.term, weight: w.weight, label: `${fixed(w.weight, 1)} · ${count(w.movies)}` }));
  return {
    id: "model-terms",
    title: "Terms that weigh most in the recommender",
    subtitle: `TF-IDF weight (rows L2-normalised) summed over all movies; vocabulary: ${count(m?.vocabulary ?? 0)} terms; bar label: weight · movies with the term`,
    reading,
    spec: {
      config,
      width: WIDTH - 160,
      height: { step: BAR_STEP },
      data: { values: rows },
      encoding: {
        y: { field: "name", type: "nominal", sort: null, title: "Term", axis: { labelLimit: 200 } },
        x: { field: "weight", type: "quantitative", title: "Summed TF-IDF weight" },
      },
      layer: [
        { mark: { type: "bar", color: ACCENT } },
        { mark: { type: "text", align: "left", dx: 3, fontSize: 11, color: "#1f2328" }, encoding: { text: { field: "label", type: "nominal" } } },
      ],
    },
  };
}

function firstNeighbour(s: EdaStats): Chart {
  const m = s.model;
  const described = (f: NonNullable<NonNullable<EdaStats["model"]>["closest"]>) => `${f.title} → ${f.neighbourTitle} (${fixed(f.sim, 2)})`;
  const reading =
    m?.closest && m.farthest
      ? `Half of the movies' first recommendation has a similarity of ${fixed(m.median, 2)} or more; the closest pair is ${described(m.closest)}, ` +
        `the loosest first recommendation ${described(m.farthest)}` +
        (m.withoutNeighbour ? `; ${count(m.withoutNeighbour)} ${m.withoutNeighbour === 1 ? "movie shares" : "movies share"} no term with any other.` : ".")
      : "No recommendations.";
  return {
    id: "first-neighbour",
    title: "How similar the first recommendation is",
    subtitle: `Cosine similarity of each movie's most similar other movie (what /recomendacion lists first), in bins of ${SIM_BIN}`,
    reading,
    spec: {
      config,
      width: WIDTH,
      height: 240,
      layer: [
        {
          data: { values: m?.firstSims ?? [] },
          mark: { type: "bar", color: ACCENT, binSpacing: 1 },
          encoding: {
            x: { field: "from", type: "quantitative", bin: "binned", title: "Similarity of the first recommendation", scale: { domain: [0, 1] } },
            x2: { field: "to" },
            y: { field: "count", type: "quantitative", title: "Movies" },
          },
        },
        {
          data: { values: [{ median: m?.median ?? 0, label: `median ${fixed(m?.median ?? 0, 2)}` }] },
          encoding: { x: { field: "median", type: "quantitative" } },
          layer: [
            { mark: { type: "rule", color: ALERT, strokeDash: [4, 3] } },
            { mark: { type: "text", align: "left", dx: 4, y: 8, color: ALERT, fontSize: 11 }, encoding: { text: { field: "label", type: "nominal" } } },
          ],
        },
      ],
    },
  };
}

function longest(s: EdaStats): Chart {
  const [a, b] = s.longest;
  const reading = a
    ? `${a.title} (${a.year}) is the longest at ${count(a.runtime)} minutes` +
      (b ? `, ${count(a.runtime - b.runtime)} more than ${b.title} (${count(b.runtime)})` : "") +
      `; the shortest of these ${count(s.longest.length)} runs ${count(s.longest.at(-1)!.runtime)} minutes.`
    : "No runtimes known.";
  return bars(
    "longest",
    "Longest movies",
    "Runtime in minutes, as /peliculas_duracion answers it",
    s.longest.map((m) => ({ name: `${m.title} (${m.year})`, count: m.runtime })),
    "Movie",
    reading,
    "Minutes",
  );
}

function popularityBudget(s: EdaStats): Chart {
  const { known, slope, intercept, r, points } = s.popularity;
  const outliers = points.filter((p) => p.rank > 0).sort((a, b) => a.rank - b.rank);
  const describe = (p: PopularityPoint) => `${p.title} (${p.year}): popularity ${fixed(p.popularity, 1)} on a budget of ${money(p.budget)}`;
  const reading =
    known > 1
      ? `Over ${count(known)} movies with a known budget, popularity grows with budget (log-log r = ${fixed(r)}, slope ${fixed(slope)})` +
        (outliers[0] ? `; the most popular for its budget is ${describe(outliers[0])}.` : ".")
      : "Too few movies with a budget.";
  const budgets = points.map((p) => p.budget);
  const lo = Math.min(...budgets),
    hi = Math.max(...budgets);
  const fit = known > 1 ? [lo, hi].map((b) => ({ budget: b, popularity: 10 ** (intercept + slope * Math.log10(b)) })) : [];
  const ticks = [1, 1e2, 1e4, 1e6, 1e8, 1e10];
  const x = {
    field: "budget",
    type: "quantitative",
    title: "Budget (USD, log scale)",
    scale: { type: "log" },
    axis: { labelExpr: DOLLARS, values: ticks },
  } as const;
  const y = { field: "popularity", type: "quantitative", title: "TMDB popularity (log scale)", scale: { type: "log" } } as const;
  return {
    id: "popularity-budget",
    title: "Popularity vs budget",
    subtitle: `Movies with a budget > 0${points.length < known ? `, ${count(points.length)} of ${count(known)} drawn` : ""}; the ${outliers.length} most popular for their budget are numbered and listed below`,
    reading,
    notes: outliers.map(describe),
    spec: {
      config,
      width: WIDTH,
      height: 320,
      layer: scatterWithOutliers(points, fit, outliers, x, y),
    },
  };
}

export function edaCharts(s: EdaStats): Chart[] {
  return [
    years(s),
    genres(s),
    languages(s),
    countries(s),
    budgetRevenue(s),
    runtime(s),
    correlation(s),
    franchises(s),
    // What the recommender reads (issue 15), then the original EDA's last two charts.
    terms("title-terms", "title", s.titleTerms, s),
    terms("overview-terms", "overview", s.overviewTerms, s),
    modelTerms(s),
    firstNeighbour(s),
    longest(s),
    popularityBudget(s),
  ];
}
