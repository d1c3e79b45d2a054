// The top-k kernel, shared by the main thread and the worker threads. Pure functions over
// typed arrays (which may live on SharedArrayBuffers): no Node imports.
//
// Each row is a query over an inverted index (CSC copy of the matrix), pruned with score
// upper bounds: the per-query-threshold form of all-pairs similarity search (Bayardo, Ma &
// Srikant, WWW 2007; MaxScore; the L2 bound of L2AP, Anastasiu & Karypis 2014). Every weight
// is > 0, so
// - a partial sum over some of the shared terms is a lower bound of the similarity: the k-th
//   best partial sum among distinct candidates bounds the row's final k-th best (theta) from
//   below, and so does the k-th of the row's list once full;
// - the terms of row i not walked yet can add at most rest = min(sum of x_it * max_j x_jt,
//   ||x_i over them||2) to any row (rows are unit vectors): the L2 part is what makes the
//   many low-idf words of a text cheap to bound.
// Row i walks its terms' posting lists rarest first (by decreasing x_it^2 / df_t: bound
// removed per posting walked). Once rest < theta, a row that shares none of the walked terms
// cannot enter the top k, and the long lists of common words (genres sit in half of all
// documents) are never walked. The rows already seen are then filtered by partial sum + rest;
// a few more lists are walked for them alone when that is cheaper than scoring them (see
// REFINE_LEN), and the survivors are scored exactly.
//
// Exactness. The similarity of a pair (i, j) is the sum, over their common columns in the
// rows' stored order (descending column, see tfidf.ts), of x_it * x_jt, starting from 0. That
// is the order in which scipy's csr_matmat (X @ X.T) accumulates row i, and since the stored
// order is one global column order, sim(i, j) and sim(j, i) are the same double. The partial
// sums above only prune; every similarity that enters a list is recomputed in that order
// (`exactSim`), so pruning never changes a float that decides the ranking. The bounds carry a
// margin (BOUND_EPS) far above the rounding error of sums of ~100 products of numbers <= 1.
//
// Ranking. A row keeps its k best candidates in descending similarity, ties broken by lower
// id; only similarities > 0 count. That is a total order, so the result does not depend on
// which thread saw which pair, nor on the order of the offers. A row's list is filled by its
// own query alone (offering each exact score to the other row too was tried: it seeded almost
// no threshold, and cost a list per thread), so threads share one set of lists, by row.

/** The matrix as the kernel sees it: CSR rows plus a column-major (CSC) copy. */
export interface KernelMatrix {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
  /** CSC column pointers (nCols + 1). */
  colptr: Int32Array;
  /** CSC row of each posting, ascending within a column. */
  cscRows: Int32Array;
  /** CSC value of each posting. */
  cscData: Float64Array;
  /** Largest value of each column. */
  colMax: Float64Array;
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

/** What the search cost, summed over the rows a thread queried. */
export interface KernelStats {
  /** Postings walked (partial-sum updates); a search without bounds walks sum of df^2. */
  postings: number;
  /** Distinct (row, candidate) pairs seen, i.e. partially scored. */
  candidates: number;
  /** Pairs whose similarity was computed exactly. */
  exact: number;
}

export function newStats(): KernelStats {
  return { postings: 0, candidates: 0, exact: 0 };
}

export function addStats(into: KernelStats, s: KernelStats): void {
  into.postings += s.postings;
  into.candidates += s.candidates;
  into.exact += s.exact;
}

export interface State extends TopKLists {
  /** Smallest similarity that may still enter the row's list (its k-th once full). */
  thr: Float64Array;
}

/** Empty lists for n rows; on SharedArrayBuffers if asked (worker threads fill disjoint rows). */
export function newState(n: number, k: number, shared = false): State {
  const buf = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    n,
    k,
    idx: new Int32Array(buf(4 * n * k)).fill(-1),
    sim: new Float64Array(buf(8 * n * k)),
    count: new Int32Array(buf(4 * n)),
    thr: new Float64Array(buf(8 * n)).fill(Number.MIN_VALUE),
  };
}

/** Offers candidate `cand` with similarity s > 0 to row `row`'s list (total order: s desc, id asc). */
export function offer(st: State, ids: Int32Array, row: number, cand: number, s: number): void {
  const k = st.k;
  const sim = st.sim;
  const idx = st.idx;
  const base = row * k;
  const c = st.count[row] as number;
  const candId = ids[cand] as number;
  let p: number;
  if (c === k) {
    const last = sim[base + k - 1] as number;
    if (s < last || (s === last && candId > (ids[idx[base + k - 1] as number] as number))) return;
    p = k - 1;
  } else {
    p = c;
    st.count[row] = c + 1;
  }
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
 * Margin on every pruning test: a bound must fall below the threshold by more than this.
 * Sums of at most a few hundred products of numbers in [0, 1] are off their real value by
 * < 1e-13; the margin only costs a few candidates more.
 */
export const BOUND_EPS = 1e-11;

/**
 * Past the point where no new row can qualify, the next posting list is still walked (for the
 * rows already seen, no new ones) while it is shorter than REFINE_LEN x the number of
 * candidates the bound lets through: an exact score (a row's few dozen entries against the
 * query) costs about that many posting visits, and each list walked tightens every bound.
 */
const REFINE_LEN = 8;

/** Per-thread scratch space, left clean after each row. */
export interface Scratch {
  /** Partial sums by row (all zero between queries). */
  acc: Float64Array;
  /** Rows with a non-zero partial sum, in first-touch order. */
  touched: Int32Array;
  /** The candidates whose bound still reaches the threshold. */
  pass: Int32Array;
  /** The query row scattered by column (all zero between queries). */
  dense: Float64Array;
  /** The query's entries in walking order, their sort keys and the bounds of their suffixes. */
  order: Int32Array;
  bound: Float64Array;
  rest: Float64Array;
  /** The k best partial sums seen (distinct rows). */
  topRow: Int32Array;
  topVal: Float64Array;
}

export function newScratch(m: KernelMatrix, k: number): Scratch {
  let maxLen = 0;
  for (let r = 0; r < m.nRows; r++) maxLen = Math.max(maxLen, (m.indptr[r + 1] as number) - (m.indptr[r] as number));
  return {
    acc: new Float64Array(m.nRows),
    touched: new Int32Array(m.nRows),
    pass: new Int32Array(m.nRows),
    dense: new Float64Array(m.nCols),
    order: new Int32Array(maxLen),
    bound: new Float64Array(maxLen),
    rest: new Float64Array(maxLen + 1),
    topRow: new Int32Array(k),
    topVal: new Float64Array(k),
  };
}

/** sim(i, j) in scipy's order: row j's entries in stored order against row i scattered in `dense`. */
function exactSim(m: KernelMatrix, dense: Float64Array, j: number): number {
  const { indptr, indices, data } = m;
  let s = 0;
  // a column that row i lacks adds +0, which leaves a sum >= 0 unchanged
  for (let e = indptr[j] as number, b = indptr[j + 1] as number; e < b; e++) s += (dense[indices[e] as number] as number) * (data[e] as number);
  return s;
}

/** Scores (i, j) exactly and offers j to row i's list. */
function scorePair(m: KernelMatrix, ids: Int32Array, st: State, dense: Float64Array, stats: KernelStats, i: number, j: number): void {
  const s = exactSim(m, dense, j);
  stats.exact++;
  if (s >= (st.thr[i] as number)) offer(st, ids, i, j, s);
}

/** The k-th best similarity of a row's list when full (a lower bound of its final one), else 0. */
function threshold(st: State, r: number): number {
  return st.count[r] === st.k ? (st.thr[r] as number) : 0;
}

/**
 * One query per row lo <= i < hi: walks the row's posting lists (rarest first) until the
 * lists left cannot lift a new candidate to the k-th best, then scores exactly every
 * candidate that can still reach it. Writes only rows lo..hi-1 of `st`.
 */
export function queryRows(m: KernelMatrix, ids: Int32Array, st: State, sc: Scratch, stats: KernelStats, lo: number, hi: number): void {
  const { indptr, indices, data, colptr, cscRows, cscData, colMax } = m;
  const { acc, touched, pass, dense, order, bound, rest, topRow, topVal } = sc;
  const k = st.k;
  for (let i = lo; i < hi; i++) {
    const a = indptr[i] as number;
    const b = indptr[i + 1] as number;
    const len = b - a;
    if (len === 0) continue;
    // The query's entries in walking order: by decreasing q_t^2 / df_t (weight of the bound
    // removed per posting walked: rare terms first), insertion sort (rows hold a few dozen
    // terms). rest[p]: the most the entries from p on can add to a row that none of the
    // entries before p reached: min(sum of q_t * colMax_t, ||q||2 over them).
    for (let q = 0; q < len; q++) {
      const e = a + q;
      const w = data[e] as number;
      const t = indices[e] as number;
      const r = (w * w) / ((colptr[t + 1] as number) - (colptr[t] as number));
      let p = q;
      while (p > 0 && (bound[p - 1] as number) < r) {
        bound[p] = bound[p - 1] as number;
        order[p] = order[p - 1] as number;
        p--;
      }
      bound[p] = r;
      order[p] = e;
    }
    let sumMax = 0;
    let sumSq = 0;
    rest[len] = 0;
    for (let q = len - 1; q >= 0; q--) {
      const e = order[q] as number;
      const w = data[e] as number;
      sumMax += w * (colMax[indices[e] as number] as number);
      sumSq += w * w;
      rest[q] = Math.min(sumMax, Math.sqrt(sumSq));
    }

    // theta: a lower bound of i's final k-th best similarity, the k-th best partial sum of
    // distinct rows (0 until k rows are seen). Row i is kept out of the accumulator by -Infinity.
    let thetaPart = 0;
    let nTop = 0;
    let nt = 0;
    let walked = 0;
    acc[i] = -Infinity;
    let p = 0;
    for (; p < len; p++) {
      if ((rest[p] as number) + BOUND_EPS < thetaPart) break;
      const e = order[p] as number;
      const w = data[e] as number;
      const t = indices[e] as number;
      const end = colptr[t + 1] as number;
      const start = colptr[t] as number;
      walked += end - start;
      for (let pp = start; pp < end; pp++) {
        const j = cscRows[pp] as number;
        let v = acc[j] as number;
        if (v === 0) touched[nt++] = j;
        v += w * (cscData[pp] as number);
        acc[j] = v;
        if (v > thetaPart) {
          // keep the k best partial sums of distinct rows
          let q = 0;
          while (q < nTop && topRow[q] !== j) q++;
          if (q < nTop) topVal[q] = v;
          else if (nTop < k) {
            topRow[nTop] = j;
            topVal[nTop++] = v;
          } else {
            let mq = 0;
            for (let r = 1; r < k; r++) if ((topVal[r] as number) < (topVal[mq] as number)) mq = r;
            topRow[mq] = j;
            topVal[mq] = v;
          }
          if (nTop === k) {
            let mv = topVal[0] as number;
            for (let r = 1; r < k; r++) if ((topVal[r] as number) < mv) mv = topVal[r] as number;
            thetaPart = mv;
          }
        }
      }
    }
    // Past that point no new row can qualify, but the candidates' bounds (partial sum + rest)
    // are loose: walking a few more lists for the rows already seen only (update, no insert)
    // is cheaper than scoring all of them exactly.
    // The candidates the bound lets through (each would cost an exact score) go to `pass`;
    // bounds only tighten from here, so later filters only need to look at that list.
    const theta0 = thetaPart;
    let np = 0;
    {
      const lim = theta0 - (rest[p] as number) - BOUND_EPS;
      for (let q = 0; q < nt; q++) {
        const j = touched[q] as number;
        if ((acc[j] as number) >= lim) pass[np++] = j;
      }
    }
    while (p < len) {
      const e = order[p] as number;
      const t = indices[e] as number;
      const end = colptr[t + 1] as number;
      const start = colptr[t] as number;
      if (end - start > REFINE_LEN * np) break;
      const w = data[e] as number;
      walked += end - start;
      for (let pp = start; pp < end; pp++) {
        const j = cscRows[pp] as number;
        const v = acc[j] as number;
        if (v > 0) acc[j] = v + w * (cscData[pp] as number);
      }
      p++;
      const lim = theta0 - (rest[p] as number) - BOUND_EPS;
      let kept = 0;
      for (let q = 0; q < np; q++) {
        const j = pass[q] as number;
        if ((acc[j] as number) >= lim) pass[kept++] = j;
      }
      np = kept;
    }
    acc[i] = 0;
    stats.postings += walked;
    stats.candidates += nt;

    // Exact scores: the k best partial sums first (they set the list's threshold high early),
    // then every candidate whose bound can still reach it.
    const extra = (rest[p] as number) + BOUND_EPS;
    for (let e = a; e < b; e++) dense[indices[e] as number] = data[e] as number;
    for (let q = 0; q < nTop; q++) {
      const j = topRow[q] as number;
      acc[j] = -1; // scored
      scorePair(m, ids, st, dense, stats, i, j);
    }
    let theta = threshold(st, i);
    for (let q = 0; q < np; q++) {
      const j = pass[q] as number;
      const v = acc[j] as number;
      if (v < 0 || v + extra < theta) continue;
      scorePair(m, ids, st, dense, stats, i, j);
      theta = threshold(st, i);
    }
    for (let q = 0; q < nt; q++) acc[touched[q] as number] = 0;
    for (let e = a; e < b; e++) dense[indices[e] as number] = 0;
  }
}
