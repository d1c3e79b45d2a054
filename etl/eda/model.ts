// What the recommender reads, for the EDA report, as the original analysis looked at it (titles,
// overviews and genres feed the model): the most frequent words of titles and of overviews once
// the stop words are gone, the terms that weigh most in the TF-IDF matrix, its vocabulary, and
// how similar each movie's first recommendation is. Tokens are the recommender's own
// (text.ts: scikit-learn's analyzer), so every word here is a term the model can match on.
import type { CleanMovie } from "../../src/shared/types.ts";
import { forEachToken, movieText } from "../recommender/text.ts";
import { compareCodePoints, type TfidfMatrix } from "../recommender/tfidf.ts";
import type { NeighbourTable } from "../recommender/topk.ts";
import { quantile } from "./math.ts";

export interface Term {
  term: string;
  count: number;
}
export interface WeightedTerm {
  term: string;
  weight: number;
  movies: number;
}
/** A movie and the similarity of its first recommendation. */
export interface FirstNeighbour {
  id: number;
  title: string;
  neighbour: number;
  neighbourTitle: string;
  sim: number;
}

export interface ModelStats {
  /** Distinct terms of the TF-IDF model, and how many of them occur in one movie only. */
  vocabulary: number;
  singletons: number;
  /** Terms by their weight summed over every movie (L2-normalised rows), largest first. */
  weights: WeightedTerm[];
  /** Similarity of each movie's first recommendation, in bins of SIM_BIN; movies with none apart. */
  firstSims: { from: number; to: number; count: number }[];
  withoutNeighbour: number;
  median: number;
  /** The movies whose first recommendation is the most and the least similar (ties: lower id). */
  closest: FirstNeighbour | null;
  farthest: FirstNeighbour | null;
}

export const TERMS_N = 15;
export const SIM_BIN = 0.05;

/** Largest count first, then by term (code point order): a stable order for the bars. */
const byCount = (a: Term, b: Term) => b.count - a.count || compareCodePoints(a.term, b.term);

/**
 * The n-th largest of `values` (the smallest if there are fewer; -Infinity if none): a top n is
 * what is at least that, so only those are sorted (ties are many, and compared as text).
 */
function nthLargest(values: ArrayLike<number>, n: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, sorted.length - n)] ?? -Infinity;
}

/** The `n` terms of largest count (terms[i] has counts[i]; zero counts never), in byCount order. */
export function topTerms(terms: readonly string[], counts: ArrayLike<number>, n = TERMS_N): Term[] {
  const least = Math.max(1, nthLargest(counts, n));
  const top: Term[] = [];
  terms.forEach((term, i) => {
    if (counts[i]! >= least) top.push({ term, count: counts[i]! });
  });
  return top.sort(byCount).slice(0, n);
}

/** Document frequency of each term in one text per movie, the top `n`. */
export function documentFrequency(texts: Iterable<string>, n = TERMS_N): Term[] {
  const df = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    forEachToken(movieText(null, text, null), (t) => seen.add(t));
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  return topTerms([...df.keys()], [...df.values()], n);
}

export const titleTerms = (movies: readonly CleanMovie[]) => documentFrequency(movies.map((m) => m.title));
export const overviewTerms = (movies: readonly CleanMovie[]) => documentFrequency(movies.map((m) => m.overview));

/** overviewTerms, from the matrix's count of its overviews' terms (null if it has none: its texts were not in parts). */
export const countedOverviewTerms = (m: TfidfMatrix): Term[] | null => (m.partDf ? topTerms(m.terms, m.partDf) : null);

/**
 * The model's figures, from the matrix the neighbours were computed from (rows in the table's
 * `ids` order) and the neighbours themselves (best first); `titleOf` names a movie ("" if unknown).
 */
export function modelStats(m: TfidfMatrix, neighbours: NeighbourTable, titleOf: (id: number) => string): ModelStats {
  const sum = new Float64Array(m.nCols);
  for (let e = 0; e < m.indptr[m.nRows]!; e++) sum[m.indices[e]!]! += m.data[e]!;
  const least = nthLargest(sum, TERMS_N);
  const top: number[] = [];
  for (let t = 0; t < m.nCols; t++) if (sum[t]! >= least) top.push(t);
  const weights = top
    .sort((a, b) => sum[b]! - sum[a]! || compareCodePoints(m.terms[a]!, m.terms[b]!))
    .slice(0, TERMS_N)
    .map((t) => ({ term: m.terms[t]!, weight: sum[t]!, movies: m.df[t]! }));
  let singletons = 0;
  for (let t = 0; t < m.nCols; t++) if (m.df[t] === 1) singletons++;

  const bins = Array.from({ length: Math.round(1 / SIM_BIN) }, (_, i) => ({ from: i * SIM_BIN, to: (i + 1) * SIM_BIN, count: 0 }));
  const { ids, k, nbrIds, nbrSims, count } = neighbours;
  const firstSims = new Float64Array(ids.length);
  let firsts = 0;
  let withoutNeighbour = 0;
  // The rows whose first recommendation is the most and the least similar (ties: lower id).
  let closest = -1;
  let farthest = -1;
  const simOf = (r: number) => nbrSims[r * k]!;
  for (let r = 0; r < ids.length; r++) {
    if (count[r] === 0) {
      withoutNeighbour++;
      continue;
    }
    const sim = simOf(r);
    firstSims[firsts++] = sim;
    bins[Math.min(bins.length - 1, Math.floor(sim / SIM_BIN))]!.count++;
    if (closest < 0 || sim > simOf(closest) || (sim === simOf(closest) && ids[r]! < ids[closest]!)) closest = r;
    if (farthest < 0 || sim < simOf(farthest) || (sim === simOf(farthest) && ids[r]! < ids[farthest]!)) farthest = r;
  }
  const first = (r: number): FirstNeighbour | null =>
    r < 0 ? null : { id: ids[r]!, title: titleOf(ids[r]!), neighbour: nbrIds[r * k]!, neighbourTitle: titleOf(nbrIds[r * k]!), sim: simOf(r) };
  return {
    vocabulary: m.nCols,
    singletons,
    weights,
    firstSims: bins,
    withoutNeighbour,
    median: quantile(firstSims.subarray(0, firsts).sort(), 0.5),
    closest: first(closest),
    farthest: first(farthest),
  };
}
