// Why a movie is recommended after another: the terms that contribute most to their similarity.
// Cosine similarity of two L2-normalised TF-IDF rows is Σ_t w(a,t)·w(b,t) over their shared
// terms, so each shared term's share is its product of weights — the exact weights the top-k
// used (tfidf.ts), read after it. The explanation of a neighbour is its EXPLAIN_TERMS largest
// contributions, ties by term (code point order). It changes nothing the top-k decided.
//
// Cost: rows are stored in descending column order, so two rows intersect in one merge of
// their lengths; 5 neighbours per movie are 5 merges of two overviews' terms (tens of entries):
// linear in the catalogue, a fraction of the top-k's time.
import type { ScoredNeighbour } from "../../src/shared/types.ts";
import { compareCodePoints, type TfidfMatrix } from "./tfidf.ts";
import { type NeighbourTable, rowOf } from "./topk.ts";

export const EXPLAIN_TERMS = 3;

/** What explaining reads of a TF-IDF matrix: its rows and its terms. */
export type ExplainMatrix = Pick<TfidfMatrix, "indptr" | "indices" | "data" | "terms">;

/** The terms rows `a` and `b` share, largest contribution first (ties by term), at most `n`. */
export function sharedTerms(m: ExplainMatrix, a: number, b: number, n = EXPLAIN_TERMS): { term: string; weight: number }[] {
  return sharedColumns(m, a, b, n).map(({ col, weight }) => ({ term: m.terms[col]!, weight }));
}

/** sharedTerms as columns of the matrix. */
function sharedColumns(m: ExplainMatrix, a: number, b: number, n: number): { col: number; weight: number }[] {
  const { indptr, indices, data, terms } = m;
  const top: { col: number; weight: number }[] = [];
  let i = indptr[a]!;
  let j = indptr[b]!;
  const endA = indptr[a + 1]!;
  const endB = indptr[b + 1]!;
  while (i < endA && j < endB) {
    const ca = indices[i]!;
    const cb = indices[j]!;
    if (ca > cb)
      i++; // descending columns: move the larger one on
    else if (cb > ca) j++;
    else {
      insert(top, { col: ca, weight: data[i]! * data[j]! }, n, terms);
      i++;
      j++;
    }
  }
  return top;
}

/** Keeps `top` sorted (weight desc, term asc) and at most `n` long. */
function insert(top: { col: number; weight: number }[], item: { col: number; weight: number }, n: number, terms: readonly string[]) {
  let at = top.length;
  while (
    at > 0 &&
    (top[at - 1]!.weight < item.weight || (top[at - 1]!.weight === item.weight && compareCodePoints(terms[top[at - 1]!.col]!, terms[item.col]!) > 0))
  )
    at--;
  if (at >= n) return;
  top.splice(at, 0, item);
  if (top.length > n) top.pop();
}

/**
 * Every movie's neighbours with the terms that explain each, over flat arrays: the top-k table
 * and `n` term columns per neighbour (-1 past the last), so a million movies' explanations take
 * 60 MB instead of an object per neighbour; a movie's list is made when asked for.
 */
export class ExplainedNeighbours {
  private readonly cols: Int32Array;
  private readonly terms: readonly string[];

  /** `m`: the matrix the table was computed from (rows in `table.ids` order); only its terms are kept. */
  constructor(
    private readonly table: NeighbourTable,
    m: ExplainMatrix,
    private readonly n = EXPLAIN_TERMS,
  ) {
    const { ids, k, nbrIds, count } = table;
    this.cols = new Int32Array(ids.length * k * n).fill(-1);
    for (let r = 0; r < ids.length; r++) {
      for (let q = 0; q < count[r]!; q++) {
        const at = (r * k + q) * n;
        sharedColumns(m, r, rowOf(table, nbrIds[r * k + q]!), n).forEach((t, i) => {
          this.cols[at + i] = t.col;
        });
      }
    }
    this.terms = m.terms;
  }

  /** Movie `id`'s neighbours, best first, each with its terms; undefined for a movie not in the table. */
  get(id: number): ScoredNeighbour[] | undefined {
    const { k, nbrIds, nbrSims, count } = this.table;
    const r = rowOf(this.table, id);
    if (r < 0) return undefined;
    // A plain loop, not Array.from({ length }, fn), V8's slow generic path: the KV step asks twice per movie.
    const list: ScoredNeighbour[] = [];
    for (let q = 0; q < count[r]!; q++) {
      const terms: string[] = [];
      for (let i = (r * k + q) * this.n, end = i + this.n; i < end && this.cols[i]! >= 0; i++) terms.push(this.terms[this.cols[i]!]!);
      list.push({ id: nbrIds[r * k + q]!, sim: nbrSims[r * k + q]!, terms });
    }
    return list;
  }
}
