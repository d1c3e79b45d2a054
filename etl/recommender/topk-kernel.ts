// The top-k kernel, shared by the main thread and the worker threads. Pure functions over
// typed arrays (which may live on SharedArrayBuffers): no Node imports.
//
// Each row is a query over an inverted index (CSC copy of the matrix), pruned with score
// upper bounds: the per-query-threshold form of all-pairs similarity search (Bayardo, Ma &
// Srikant, WWW 2007; MaxScore; the L2 bounds of L2AP, Anastasiu & Karypis 2014). Every weight
// is > 0 and every row is a unit vector, so for a query row i and any row j:
// - the terms of i not walked yet add at most rest = min(sum of q_t * colMax_t, ||q over
//   them||2) to any row;
// - terms are walked in one global order, rarest first (`rank`). Each posting of row j in
//   the list of term t carries res = the norm of j's entries on terms after t in that order
//   (L2AP's prefix norm, here a suffix: the common terms). If j first appears in i's list
//   at position p, then sim(i, j) <= qn[p] * sqrt(x_jt^2 + res^2) (Cauchy-Schwarz over the
//   terms from p on), where qn[p] is the norm of i's entries from p on. A row whose bound is
//   below the current threshold is never made a candidate; and a candidate's bound is its
//   partial sum + qn[p] * (res of its last posting walked), far tighter than the query's
//   own rest for a row whose weight sits on rare terms of its own.
// The threshold theta is the k-th best exact similarity found so far (the row's own list).
//
// Blocks. At a million rows an accumulator per row misses the cache on almost every posting
// (it is ~8 MB, hit at random). The rows are cut into blocks of `blockRows` (an accumulator
// that stays in L2), and a query walks its lists block by block: every list is sorted by
// row, and `blockPtr` gives where each block's postings start in each list. Each block:
//   1. walks the lists from the rarest on, while a row not met yet can still reach theta
//      (rest[p] >= theta); a posting makes its row a candidate only if the bound above lets
//      it reach theta (once a row fails that test it fails it in every later list, so a
//      candidate's partial sum lacks no list walked before it entered);
//   2. walks a few more lists for the candidates only, while that is cheaper than scoring
//      them (REFINE_LEN), dropping those whose bound falls below theta;
//   3. scores the survivors exactly, each raising theta for the next blocks.
// Before the blocks, the query walks its rarest lists (SEED_POSTINGS postings) and scores
// its SEED_ROWS best partial sums exactly, so that theta is high from the first block on.
//
// Exactness. The similarity of a pair (i, j) is the sum, over their common columns in the
// rows' stored order (descending column, see tfidf.ts), of x_it * x_jt, starting from 0. That
// is the order in which scipy's csr_matmat (X @ X.T) accumulates row i, and since the stored
// order is one global column order, sim(i, j) and sim(j, i) are the same double. The partial
// sums above only prune (the CSC copy holds the weights and norms as float32, rounded up, so
// every bound stays an upper bound); every similarity that enters a list is recomputed in
// stored order from the float64 CSR rows (`exactSim`), so pruning never changes a float that
// decides the ranking. The bounds carry a margin (BOUND_EPS) far above the rounding error of
// sums of ~100 products of numbers <= 1.
//
// Ranking. A row keeps its k best candidates in descending similarity, ties broken by lower
// id; only similarities > 0 count. That is a total order, so the result does not depend on
// which thread saw which pair, nor on the order of the offers. A row's list is filled by its
// own query alone, so threads share one set of lists, by row.

/** The matrix as the kernel sees it: CSR rows plus a column-major (CSC) copy cut into row blocks. */
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
  /** CSC value of each posting, as the smallest float32 >= the float64 value. */
  cscData: Float32Array;
  /** Norm of the posting's row over the terms after this one in `rank` order (float32, rounded up). */
  cscRes: Float32Array;
  /** Largest value of each column. */
  colMax: Float64Array;
  /** Position of each column in the walking order: by document frequency, rarest first (ties: lower column). */
  rank: Int32Array;
  /** Rows per block (the accumulator's size), and the number of blocks. */
  blockRows: number;
  nBlocks: number;
  /** blockPtr[t * (nBlocks + 1) + b]: first posting of column t whose row is >= b * blockRows. */
  blockPtr: Int32Array;
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
  /** Postings walked (partial-sum updates or bound tests); a search without bounds walks sum of df^2. */
  postings: number;
  /** Distinct (row, candidate) pairs given a partial sum. */
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
 * < 1e-13 (the float32 copies are rounded up, so they only loosen the bounds); the margin
 * only costs a few candidates more.
 */
export const BOUND_EPS = 1e-9;

/** Default rows per block: the block's accumulators (16 bytes a row) fit a 1 MB L2 cache with room to spare. */
export const BLOCK_ROWS = 32768;

/**
 * Past the point where no new row can qualify, the next posting list is still walked (for the
 * rows already met, no new ones) while its block segment is shorter than REFINE_LEN x the
 * number of candidates the bound lets through: an exact score (a row's few dozen entries
 * against the query, a cache miss for the row) costs about that many posting visits, and each
 * list walked tightens every bound.
 */
const REFINE_LEN = 16;

/** Postings walked (over all blocks) to seed theta before the blocks, and how many of their best rows are scored. */
const SEED_POSTINGS = 2000;
const SEED_ROWS = 10;

/** Per-thread scratch space, left clean after each row. */
export interface Scratch {
  /** Partial sums by row of the block (all zero between queries). */
  acc: Float64Array;
  /** Norm of each candidate over the terms after its last posting walked. */
  res: Float64Array;
  /** Rows of the block with a partial sum, in first-touch order. */
  touched: Int32Array;
  /** The candidates whose bound still reaches the threshold. */
  pass: Int32Array;
  /** The query row scattered by column (all zero between queries). */
  dense: Float64Array;
  /** The query's entries in walking order, the bounds of their suffixes and the test limits. */
  order: Int32Array;
  rest: Float64Array;
  qn: Float64Array;
  lim2: Float64Array;
  /** Rows scored while seeding (1), so a block does not offer them twice (all zero between queries). */
  seeded: Uint8Array;
  seedRow: Int32Array;
  seedVal: Float64Array;
}

export function newScratch(m: KernelMatrix): Scratch {
  let maxLen = 0;
  for (let r = 0; r < m.nRows; r++) maxLen = Math.max(maxLen, (m.indptr[r + 1] as number) - (m.indptr[r] as number));
  const b = Math.min(m.blockRows, Math.max(1, m.nRows));
  return {
    acc: new Float64Array(b),
    res: new Float64Array(b),
    touched: new Int32Array(b),
    pass: new Int32Array(b),
    dense: new Float64Array(m.nCols),
    order: new Int32Array(maxLen),
    rest: new Float64Array(maxLen + 1),
    qn: new Float64Array(maxLen + 1),
    lim2: new Float64Array(maxLen + 1),
    seeded: new Uint8Array(m.nRows),
    seedRow: new Int32Array(SEED_ROWS),
    seedVal: new Float64Array(SEED_ROWS),
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

/** The k-th best similarity of a row's list when full (a lower bound of its final one), else 0. */
function threshold(st: State, r: number): number {
  return st.count[r] === st.k ? (st.thr[r] as number) : 0;
}

/** Scores (i, j) exactly and offers j to row i's list; returns the row's new threshold. */
function scorePair(m: KernelMatrix, ids: Int32Array, st: State, dense: Float64Array, stats: KernelStats, i: number, j: number): number {
  const s = exactSim(m, dense, j);
  stats.exact++;
  if (s > 0 && s >= threshold(st, i)) offer(st, ids, i, j, s);
  return threshold(st, i);
}

/** Keeps the SEED_ROWS best partial sums (descending) in seedRow/seedVal; returns the new count. */
function keepSeed(sc: Scratch, n: number, row: number, v: number): number {
  const { seedRow, seedVal } = sc;
  let p: number;
  if (n < SEED_ROWS) p = n++;
  else if (v > (seedVal[SEED_ROWS - 1] as number)) p = SEED_ROWS - 1;
  else return n;
  while (p > 0 && (seedVal[p - 1] as number) < v) {
    seedVal[p] = seedVal[p - 1] as number;
    seedRow[p] = seedRow[p - 1] as number;
    p--;
  }
  seedVal[p] = v;
  seedRow[p] = row;
  return n;
}

/**
 * One query per row lo <= i < hi (see the top of this file). Writes only rows lo..hi-1 of `st`.
 */
export function queryRows(m: KernelMatrix, ids: Int32Array, st: State, sc: Scratch, stats: KernelStats, lo: number, hi: number): void {
  const { indptr, indices, data, colptr, cscRows, cscData, cscRes, colMax, rank, blockRows, nBlocks, blockPtr } = m;
  const { acc, res, touched, pass, dense, order, rest, qn, lim2, seeded, seedRow } = sc;
  const stride = nBlocks + 1;
  const seedBudget = Math.max(64, Math.min(SEED_POSTINGS, m.nRows >> 4));
  for (let i = lo; i < hi; i++) {
    const a = indptr[i] as number;
    const b = indptr[i + 1] as number;
    const len = b - a;
    if (len === 0) continue;
    // The query's entries in walking order (rank: rarest first), insertion sort (rows hold a
    // few dozen terms); qn[p] is the norm of the entries from p on, rest[p] the most they can
    // add to any row.
    for (let q = 0; q < len; q++) {
      const e = a + q;
      const r = rank[indices[e] as number] as number;
      let p = q;
      while (p > 0 && (rank[indices[order[p - 1] as number] as number] as number) > r) {
        order[p] = order[p - 1] as number;
        p--;
      }
      order[p] = e;
    }
    let sumMax = 0;
    let sumSq = 0;
    rest[len] = 0;
    qn[len] = 0;
    for (let q = len - 1; q >= 0; q--) {
      const e = order[q] as number;
      const w = data[e] as number;
      sumMax += w * (colMax[indices[e] as number] as number);
      sumSq += w * w;
      qn[q] = Math.sqrt(sumSq);
      rest[q] = Math.min(sumMax, qn[q] as number);
    }
    for (let e = a; e < b; e++) dense[indices[e] as number] = data[e] as number;
    const iBlock = Math.floor(i / blockRows);

    // Seed: the rarest lists (about seedBudget postings), their best partial sums scored exactly.
    let nSeedLists = 0;
    for (let cum = 0; nSeedLists < len; nSeedLists++) {
      const t = indices[order[nSeedLists] as number] as number;
      cum += (colptr[t + 1] as number) - (colptr[t] as number);
      if (nSeedLists > 0 && cum > seedBudget) break;
    }
    let nSeed = 0;
    for (let blk = 0; blk < nBlocks; blk++) {
      const base = blk * blockRows;
      if (blk === iBlock) acc[i - base] = -Infinity; // row i is never its own candidate
      let nt = 0;
      for (let p = 0; p < nSeedLists; p++) {
        const e = order[p] as number;
        const w = data[e] as number;
        const t = indices[e] as number;
        const s1 = blockPtr[t * stride + blk + 1] as number;
        for (let pp = blockPtr[t * stride + blk] as number; pp < s1; pp++) {
          const j = (cscRows[pp] as number) - base;
          const v = acc[j] as number;
          if (v === 0) touched[nt++] = j;
          acc[j] = v + w * (cscData[pp] as number);
        }
        stats.postings += s1 - (blockPtr[t * stride + blk] as number);
      }
      for (let q = 0; q < nt; q++) {
        const j = touched[q] as number;
        nSeed = keepSeed(sc, nSeed, j + base, acc[j] as number);
        acc[j] = 0;
      }
      if (blk === iBlock) acc[i - base] = 0;
    }
    for (let q = 0; q < nSeed; q++) {
      const j = seedRow[q] as number;
      seeded[j] = 1;
      scorePair(m, ids, st, dense, stats, i, j);
    }

    for (let blk = 0; blk < nBlocks; blk++) {
      const base = blk * blockRows;
      let theta = threshold(st, i);
      // Lists from P on cannot lift a row they alone meet to theta.
      let P = 0;
      while (P < len && (rest[P] as number) + BOUND_EPS >= theta) P++;
      // A row first met in list p enters only if qn[p] * sqrt(x^2 + res^2) can reach theta.
      const th = Math.max(0, theta - BOUND_EPS);
      for (let p = 0; p < P; p++) lim2[p] = (th / (qn[p] as number)) ** 2;
      if (blk === iBlock) acc[i - base] = -Infinity;
      let nt = 0;
      for (let p = 0; p < P; p++) {
        const e = order[p] as number;
        const w = data[e] as number;
        const t = indices[e] as number;
        const lim = lim2[p] as number;
        const s0 = blockPtr[t * stride + blk] as number;
        const s1 = blockPtr[t * stride + blk + 1] as number;
        stats.postings += s1 - s0;
        for (let pp = s0; pp < s1; pp++) {
          const j = (cscRows[pp] as number) - base;
          const v = acc[j] as number;
          const x = cscData[pp] as number;
          const r = cscRes[pp] as number;
          if (v === 0) {
            if (x * x + r * r < lim) continue;
            touched[nt++] = j;
          }
          acc[j] = v + w * x;
          res[j] = r;
        }
      }
      stats.candidates += nt;
      // Candidates whose bound reaches theta (each would cost an exact score) go to `pass`;
      // bounds only tighten from here, so later filters only look at that list.
      let np = 0;
      {
        const R = rest[P] as number;
        const Q = qn[P] as number;
        for (let q = 0; q < nt; q++) {
          const j = touched[q] as number;
          if ((acc[j] as number) + Math.min(R, Q * (res[j] as number)) + BOUND_EPS >= theta) pass[np++] = j;
        }
      }
      let p = P;
      while (p < len && np > 0) {
        const e = order[p] as number;
        const t = indices[e] as number;
        const s0 = blockPtr[t * stride + blk] as number;
        const s1 = blockPtr[t * stride + blk + 1] as number;
        if (s1 - s0 > REFINE_LEN * np) break;
        const w = data[e] as number;
        stats.postings += s1 - s0;
        for (let pp = s0; pp < s1; pp++) {
          const j = (cscRows[pp] as number) - base;
          const v = acc[j] as number;
          if (v > 0) {
            acc[j] = v + w * (cscData[pp] as number);
            res[j] = cscRes[pp] as number;
          }
        }
        p++;
        const R = rest[p] as number;
        const Q = qn[p] as number;
        let kept = 0;
        for (let q = 0; q < np; q++) {
          const j = pass[q] as number;
          if ((acc[j] as number) + Math.min(R, Q * (res[j] as number)) + BOUND_EPS >= theta) pass[kept++] = j;
        }
        np = kept;
      }
      const R = rest[p] as number;
      const Q = qn[p] as number;
      for (let q = 0; q < np; q++) {
        const j = pass[q] as number;
        if (seeded[j + base] === 1 || (acc[j] as number) + Math.min(R, Q * (res[j] as number)) + BOUND_EPS < theta) continue;
        theta = scorePair(m, ids, st, dense, stats, i, j + base);
      }
      for (let q = 0; q < nt; q++) acc[touched[q] as number] = 0;
      if (blk === iBlock) acc[i - base] = 0;
    }
    for (let q = 0; q < nSeed; q++) seeded[seedRow[q] as number] = 0;
    for (let e = a; e < b; e++) dense[indices[e] as number] = 0;
  }
}
