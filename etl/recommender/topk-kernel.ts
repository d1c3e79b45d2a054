// The all-pairs top-k kernel, shared by the main thread and the worker threads. Pure functions
// over typed arrays (which may live on SharedArrayBuffers): no Node imports.
//
// Exactness. For a pair (i, j) the similarity is the sum, over their common columns in the
// rows' stored order (descending column, see tfidf.ts), of x_it * x_jt, starting from 0. That
// is the order in which scipy's csr_matmat (X @ X.T) accumulates row i, and since the stored
// order is one global column order, sim(i, j) and sim(j, i) are the same double. So each pair
// is computed once (from its lower row index) and offered to both rows.
//
// Ranking. A row keeps its k best candidates in descending similarity, ties broken by lower
// id; only similarities > 0 count. That is a total order, so the result does not depend on
// which thread saw which pair, nor on the order of the offers.

/** The matrix as the kernel sees it: CSR rows plus a column-major (CSC) copy. */
export interface KernelMatrix {
  nRows: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
  /** CSC column pointers (nCols + 1). */
  colptr: Int32Array;
  /** CSC row of each posting, ascending within a column. */
  cscRows: Int32Array;
  /** CSC value of each posting. */
  cscData: Float64Array;
  /** For CSR entry e = (i, t): the position of row i in column t's postings. */
  cscPos: Int32Array;
}

/** Up to k neighbours per row: row r's list is idx/sim[r*k .. r*k + count[r]). */
export interface TopKLists {
  n: number;
  k: number;
  /** Neighbour row indices, -1 where a row has fewer than k neighbours. */
  idx: Int32Array;
  /** Their similarities (0 where idx is -1), descending within a row. */
  sim: Float64Array;
  count: Int32Array;
}

interface State extends TopKLists {
  /** Smallest similarity that may still enter the row's list (its k-th once full). */
  thr: Float64Array;
}

export function newState(n: number, k: number): State {
  return {
    n,
    k,
    idx: new Int32Array(n * k).fill(-1),
    sim: new Float64Array(n * k),
    count: new Int32Array(n),
    thr: new Float64Array(n).fill(Number.MIN_VALUE),
  };
}

/** Offers candidate `cand` with similarity s > 0 to row `row`'s list (total order: s desc, id asc). */
export function offer(st: State, ids: Int32Array, row: number, cand: number, s: number): void {
  const k = st.k;
  const sim = st.sim;
  const idx = st.idx;
  const base = row * k;
  const c = st.count[row] as number;
  let p: number;
  if (c === k) {
    const last = sim[base + k - 1] as number;
    if (s < last || (s === last && (ids[cand] as number) > (ids[idx[base + k - 1] as number] as number))) return;
    p = k - 1;
  } else {
    p = c;
    st.count[row] = c + 1;
  }
  const candId = ids[cand] as number;
  while (p > 0) {
    const ps = sim[base + p - 1] as number;
    if (ps > s || (ps === s && (ids[idx[base + p - 1] as number] as number) < candId)) break;
    sim[base + p] = ps;
    idx[base + p] = idx[base + p - 1] as number;
    p--;
  }
  sim[base + p] = s;
  idx[base + p] = cand;
  if (st.count[row] === k) st.thr[row] = sim[base + k - 1] as number;
}

/**
 * A row sweeps its accumulator densely (no touched list, no data-dependent branch per posting)
 * when visits * DENSE_RATIO >= the span of rows it may touch; measured best between 2 and 4.
 */
const DENSE_RATIO = 3;

/**
 * Computes every pair (i, j) with lo <= i < hi and j > i that shares a term, and offers it to
 * both rows. `acc` (Float64Array(nRows), all zero) and `touched` (Int32Array(nRows)) are
 * scratch space, left all zero again.
 */
export function scanRows(m: KernelMatrix, ids: Int32Array, st: State, acc: Float64Array, touched: Int32Array, lo: number, hi: number): void {
  const { indptr, indices, data, colptr, cscRows, cscData, cscPos } = m;
  const thr = st.thr;
  for (let i = lo; i < hi; i++) {
    const a = indptr[i] as number;
    const b = indptr[i + 1] as number;
    if (a === b) continue;
    // postings after row i in row i's columns: an upper bound on the rows it will touch
    let visits = 0;
    let maxJ = i;
    for (let e = a; e < b; e++) {
      const end = colptr[(indices[e] as number) + 1] as number;
      const p = cscPos[e] as number;
      visits += end - p - 1;
      if (end - 1 > p && (cscRows[end - 1] as number) > maxJ) maxJ = cscRows[end - 1] as number;
    }
    if (visits === 0) continue;
    let thrI = thr[i] as number;
    if (visits * DENSE_RATIO >= maxJ - i) {
      // dense: accumulate without bookkeeping, then sweep the accumulator from i + 1 to maxJ
      for (let e = a; e < b; e++) {
        const w = data[e] as number;
        const end = colptr[(indices[e] as number) + 1] as number;
        for (let p = (cscPos[e] as number) + 1; p < end; p++) {
          const j = cscRows[p] as number;
          acc[j] = (acc[j] as number) + w * (cscData[p] as number);
        }
      }
      // (no test for s === 0: thresholds are > 0, so a zero never passes them)
      for (let j = i + 1; j <= maxJ; j++) {
        const s = acc[j] as number;
        acc[j] = 0;
        if (s >= thrI) {
          offer(st, ids, i, j, s);
          thrI = thr[i] as number;
        }
        if (s >= (thr[j] as number)) offer(st, ids, j, i, s);
      }
    } else {
      // sparse: remember which rows were touched
      let nt = 0;
      for (let e = a; e < b; e++) {
        const w = data[e] as number;
        const end = colptr[(indices[e] as number) + 1] as number;
        for (let p = (cscPos[e] as number) + 1; p < end; p++) {
          const j = cscRows[p] as number;
          const v = acc[j] as number;
          if (v === 0) touched[nt++] = j;
          acc[j] = v + w * (cscData[p] as number);
        }
      }
      for (let q = 0; q < nt; q++) {
        const j = touched[q] as number;
        const s = acc[j] as number;
        acc[j] = 0;
        if (s >= thrI) {
          offer(st, ids, i, j, s);
          thrI = thr[i] as number;
        }
        if (s >= (thr[j] as number)) offer(st, ids, j, i, s);
      }
    }
  }
}

/** Offers every candidate of `part` to `into` (merging the lists of several threads). */
export function mergeLists(into: State, part: TopKLists, ids: Int32Array): void {
  const k = part.k;
  for (let r = 0; r < part.n; r++) {
    const c = part.count[r] as number;
    for (let q = 0; q < c; q++) offer(into, ids, r, part.idx[r * k + q] as number, part.sim[r * k + q] as number);
  }
}
