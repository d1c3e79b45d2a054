// Why a movie is recommended after another: the terms that contribute most to their similarity.
// Cosine similarity of two L2-normalised TF-IDF rows is Σ_t w(a,t)·w(b,t) over their shared
// terms, so each shared term's share is its product of weights — the exact weights the top-k
// used (tfidf.ts), read after it. The explanation of a neighbour is its EXPLAIN_TERMS largest
// contributions, ties by term (code point order). It changes nothing the top-k decided.
//
// Cost: rows are stored in descending column order, so two rows intersect in one merge of
// their lengths; 5 neighbours per movie are 5 merges of two overviews' terms (tens of entries):
// linear in the catalogue, a fraction of the top-k's time.
import { compareCodePoints, type TfidfMatrix } from "./tfidf.ts";

export const EXPLAIN_TERMS = 3;

/** The terms rows `a` and `b` share, largest contribution first (ties by term), at most `n`. */
export function sharedTerms(m: TfidfMatrix, a: number, b: number, n = EXPLAIN_TERMS): { term: string; weight: number }[] {
  const { indptr, indices, data, terms } = m;
  const top: { term: string; weight: number }[] = [];
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
      insert(top, { term: terms[ca]!, weight: data[i]! * data[j]! }, n);
      i++;
      j++;
    }
  }
  return top;
}

/** Keeps `top` sorted (weight desc, term asc) and at most `n` long. */
function insert(top: { term: string; weight: number }[], item: { term: string; weight: number }, n: number) {
  let at = top.length;
  while (at > 0 && (top[at - 1]!.weight < item.weight || (top[at - 1]!.weight === item.weight && compareCodePoints(top[at - 1]!.term, item.term) > 0))) at--;
  if (at >= n) return;
  top.splice(at, 0, item);
  if (top.length > n) top.pop();
}

/**
 * The explanation of every neighbour: `explained[r][q]` are the terms of row r's q-th neighbour.
 * `ids[r]` is row r's id (the matrix's rows), `neighbours[r]` its top-k by id.
 */
export function explainNeighbours(
  m: TfidfMatrix,
  ids: ArrayLike<number>,
  neighbours: ReadonlyArray<ReadonlyArray<{ id: number }>>,
  n = EXPLAIN_TERMS,
): string[][][] {
  const row = new Map<number, number>();
  for (let r = 0; r < ids.length; r++) row.set(ids[r]!, r);
  return neighbours.map((list, r) => list.map((nb) => sharedTerms(m, r, row.get(nb.id)!, n).map((t) => t.term)));
}
