// Exact top-k cosine neighbours of every row of an L2-normalised TF-IDF matrix, without the
// N x N matrix: an inverted index (CSC copy of the matrix), one bounded search per row (see
// topk-kernel.ts for the bounds and the exactness rules), one reusable accumulator per thread,
// rows spread over worker threads that share the matrix through SharedArrayBuffers. Memory is
// typed arrays only: the matrix twice (CSR + CSC, 12 bytes per entry each) and k neighbours
// per row per thread.
import os from "node:os";
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker.ts";
import { buildTfidfOf, type TextParts, type TfidfMatrix } from "./tfidf.ts";
import { addStats, BLOCK_ROWS, type KernelMatrix, type KernelStats, newScratch, newState, newStats, queryRows, type TopKLists } from "./topk-kernel.ts";
import type { WorkerInput, WorkerMessage } from "./topk-worker.ts";

export type { KernelMatrix, KernelStats, TopKLists } from "./topk-kernel.ts";

/** The top-k lists and what the search cost. */
export interface TopKResult extends TopKLists {
  stats: KernelStats;
}

export interface TopKOptions {
  /** Worker threads; 1 = compute on the calling thread. Default: all cores for large inputs. */
  threads?: number;
  /** Called with (rows done, rows) as the scan progresses. */
  onProgress?: (done: number, total: number) => void;
  /** Rows claimed at a time by a thread (default 16). */
  chunkRows?: number;
  /** Rows per accumulator block (default BLOCK_ROWS; small values exercise the blocks in tests). */
  blockRows?: number;
}

/** Below this many rows the default is one thread (starting workers costs more than it saves). */
export const MIN_ROWS_FOR_THREADS = 12000;

export function defaultThreads(nRows: number): number {
  return nRows < MIN_ROWS_FOR_THREADS ? 1 : Math.max(1, Math.min(8, os.availableParallelism()));
}

const isShared = (a: ArrayBufferView): boolean => a.buffer instanceof SharedArrayBuffer;

function sharedCopy<T extends Int32Array | Float64Array>(a: T): T {
  if (isShared(a)) return a;
  const b = new (a.constructor as { new (buf: SharedArrayBuffer): T })(new SharedArrayBuffer(a.byteLength));
  b.set(a);
  return b;
}

function allocI32(n: number, shared: boolean): Int32Array {
  return new Int32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n));
}

function allocF64(n: number, shared: boolean): Float64Array {
  return new Float64Array(shared ? new SharedArrayBuffer(8 * n) : new ArrayBuffer(8 * n));
}

/** The smallest float32 >= x (x >= 0), so that a bound computed from it stays an upper bound. */
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
function float32Up(x: number): number {
  f32[0] = x;
  if ((f32[0] as number) < x) f32Bits[0] = (f32Bits[0] as number) + 1;
  return f32[0] as number;
}

/**
 * The kernel's view of a TF-IDF matrix (see topk-kernel.ts): the CSR rows, their CSC copy
 * (postings ascending by row, weights as float32 rounded up), each posting's norm of its row
 * over the terms after it in the walking order, column maxima, and where each block of
 * `blockRows` rows starts in each list. Shared if asked (worker threads).
 */
export function buildKernelMatrix(m: TfidfMatrix, shared = false, blockRows = BLOCK_ROWS): KernelMatrix {
  const { nRows, nCols, indptr, indices, data } = m;
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new Error(`topK: blockRows must be a positive integer, got ${blockRows}`);
  const nnz = indptr[nRows] as number;
  const colptr = allocI32(nCols + 1, shared);
  for (let e = 0; e < nnz; e++) colptr[(indices[e] as number) + 1] = (colptr[(indices[e] as number) + 1] as number) + 1;
  for (let t = 0; t < nCols; t++) colptr[t + 1] = (colptr[t + 1] as number) + (colptr[t] as number);
  const fill = colptr.slice(0, nCols);
  const cscRows = allocI32(nnz, shared);
  const cscData = new Float32Array(shared ? new SharedArrayBuffer(4 * nnz) : new ArrayBuffer(4 * nnz));
  const colMax = allocF64(nCols, shared);
  for (let i = 0; i < nRows; i++) {
    for (let e = indptr[i] as number, b = indptr[i + 1] as number; e < b; e++) {
      const t = indices[e] as number;
      const p = fill[t] as number;
      fill[t] = p + 1;
      cscRows[p] = i;
      const w = data[e] as number;
      cscData[p] = float32Up(w);
      if (w > (colMax[t] as number)) colMax[t] = w;
    }
  }
  // The walking order: rarest first, ties by lower column.
  const byRank = new Int32Array(nCols);
  for (let t = 0; t < nCols; t++) byRank[t] = t;
  const df = (t: number) => (colptr[t + 1] as number) - (colptr[t] as number);
  byRank.sort((a, b) => df(a) - df(b) || a - b);
  const rank = allocI32(nCols, shared);
  for (let r = 0; r < nCols; r++) rank[byRank[r] as number] = r;
  // Each posting's norm of its row over later (more common) terms: the columns from the most
  // common on, adding each posting's square to its row's running sum after reading it. The
  // sum is rounded up (1e-12 relative, far above its rounding error) before float32.
  const cscRes = new Float32Array(shared ? new SharedArrayBuffer(4 * nnz) : new ArrayBuffer(4 * nnz));
  const sumSq = new Float64Array(nRows);
  for (let r = nCols - 1; r >= 0; r--) {
    const t = byRank[r] as number;
    for (let p = colptr[t] as number, end = colptr[t + 1] as number; p < end; p++) {
      const j = cscRows[p] as number;
      const s = sumSq[j] as number;
      cscRes[p] = s === 0 ? 0 : float32Up(Math.sqrt(s) * (1 + 1e-12));
      // squares of the rounded-up copies: at least the true ones
      sumSq[j] = s + (cscData[p] as number) * (cscData[p] as number);
    }
  }
  const nBlocks = Math.max(1, Math.ceil(nRows / blockRows));
  const stride = nBlocks + 1;
  const blockPtr = allocI32(nCols * stride, shared);
  for (let t = 0; t < nCols; t++) {
    let p = colptr[t] as number;
    const end = colptr[t + 1] as number;
    for (let b = 0; b <= nBlocks; b++) {
      const first = b * blockRows;
      while (p < end && (cscRows[p] as number) < first) p++;
      blockPtr[t * stride + b] = p;
    }
  }
  return {
    nRows,
    nCols,
    indptr: shared ? sharedCopy(indptr) : indptr,
    indices: shared ? sharedCopy(indices) : indices,
    data: shared ? sharedCopy(data) : data,
    colptr,
    cscRows,
    cscData,
    cscRes,
    colMax,
    rank,
    blockRows,
    nBlocks,
    blockPtr,
  };
}

/** Validates ids (distinct int32 integers, one per row) into an Int32Array. */
export function toIdArray(ids: ArrayLike<number>, nRows: number, shared = false): Int32Array {
  if (ids.length !== nRows) throw new Error(`topK: ${ids.length} ids for ${nRows} rows`);
  const out = allocI32(nRows, shared);
  for (let r = 0; r < nRows; r++) {
    const v = ids[r] as number;
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new Error(`topK: id ${v} is not a 32-bit integer`);
    out[r] = v;
  }
  const sorted = out.slice().sort();
  for (let r = 1; r < nRows; r++) if (sorted[r] === sorted[r - 1]) throw new Error(`topK: duplicate id ${sorted[r]}`);
  return out;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new Error(`topK: k must be a positive integer, got ${k}`);
}

/** Single-threaded exact top-k on the calling thread. */
export function topKSync(m: TfidfMatrix, ids: ArrayLike<number>, k = 5, opts: Omit<TopKOptions, "threads" | "chunkRows"> = {}): TopKResult {
  checkK(k);
  const n = m.nRows;
  const km = buildKernelMatrix(m, false, opts.blockRows);
  const idArr = toIdArray(ids, n);
  const st = newState(n, k);
  const sc = newScratch(km);
  const stats = newStats();
  const step = 256;
  for (let lo = 0; lo < n; lo += step) {
    const hi = Math.min(n, lo + step);
    queryRows(km, idArr, st, sc, stats, lo, hi);
    opts.onProgress?.(hi, n);
  }
  return { n, k, idx: st.idx, sim: st.sim, count: st.count, stats };
}

/**
 * The exact top-k of the listed rows only (each against all rows), on the calling thread: a
 * row's list depends only on the matrix, so this is what topK gives those rows. For checks on
 * a sample of a large catalogue; other rows' lists stay empty.
 */
export function topKRows(m: TfidfMatrix, ids: ArrayLike<number>, rows: ArrayLike<number>, k = 5, blockRows?: number): TopKResult {
  checkK(k);
  const n = m.nRows;
  const km = buildKernelMatrix(m, false, blockRows);
  const idArr = toIdArray(ids, n);
  const st = newState(n, k);
  const sc = newScratch(km);
  const stats = newStats();
  for (let q = 0; q < rows.length; q++) {
    const r = rows[q] as number;
    if (!(Number.isInteger(r) && r >= 0 && r < n)) throw new Error(`topKRows: no row ${r}`);
    queryRows(km, idArr, st, sc, stats, r, r + 1);
  }
  return { n, k, idx: st.idx, sim: st.sim, count: st.count, stats };
}

/**
 * Exact top-k neighbours of every row: the k other rows with the highest cosine similarity
 * (dot product of the normalised rows) > 0, ties broken by lower id. `ids[r]` is row r's id;
 * rows need not be sorted by id. With threads > 1 the rows are shared among worker threads;
 * the result is identical for any number of threads.
 */
export async function topK(m: TfidfMatrix, ids: ArrayLike<number>, k = 5, opts: TopKOptions = {}): Promise<TopKResult> {
  checkK(k);
  const n = m.nRows;
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(n)));
  if (threads === 1) return topKSync(m, ids, k, opts);

  const km = buildKernelMatrix(m, true, opts.blockRows);
  const idArr = toIdArray(ids, n, true);
  const st = newState(n, k, true);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { m: km, ids: idArr, k, st, next, chunkRows: opts.chunkRows ?? 16 };
  const workers: Worker[] = [];
  let done = 0;
  try {
    const parts = await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise<KernelStats>((resolve, reject) => {
            const w = startWorker(import.meta.url, "./topk-worker", input);
            workers.push(w);
            let result: KernelStats | undefined;
            w.on("message", (msg: WorkerMessage) => {
              if (msg.type === "progress") {
                done += msg.rows;
                opts.onProgress?.(done, n);
              } else result = msg.stats;
            });
            w.on("error", reject);
            w.on("exit", (code) => {
              if (result !== undefined) resolve(result);
              else reject(new Error(`topK worker exited with code ${code} before finishing`));
            });
          }),
      ),
    );
    // Each row's list was filled by the one thread that claimed the row.
    const stats = newStats();
    for (const part of parts) addStats(stats, part);
    return { n, k, idx: st.idx, sim: st.sim, count: st.count, stats };
  } finally {
    for (const w of workers) void w.terminate();
  }
}

/**
 * Reference implementation for tests: for every row, the dot product with every other row
 * (dense scatter of the row, summed over the other row's entries in stored order, like
 * scipy), all candidates sorted by (similarity desc, id asc). O(N^2 * nnz per row).
 */
export function topKNaive(m: TfidfMatrix, ids: ArrayLike<number>, k = 5): TopKLists {
  checkK(k);
  const { nRows: n, nCols, indptr, indices, data } = m;
  const idArr = toIdArray(ids, n);
  const dense = new Float64Array(nCols);
  const idx = new Int32Array(n * k).fill(-1);
  const sim = new Float64Array(n * k);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let e = indptr[i] as number; e < (indptr[i + 1] as number); e++) dense[indices[e] as number] = data[e] as number;
    const cands: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let e = indptr[j] as number; e < (indptr[j + 1] as number); e++) s += (dense[indices[e] as number] as number) * (data[e] as number);
      if (s > 0) cands.push([j, s]);
    }
    cands.sort((a, b) => b[1] - a[1] || (idArr[a[0]] as number) - (idArr[b[0]] as number));
    const c = Math.min(k, cands.length);
    for (let q = 0; q < c; q++) {
      const [j, s] = cands[q] as [number, number];
      idx[i * k + q] = j;
      sim[i * k + q] = s;
    }
    count[i] = c;
    for (let e = indptr[i] as number; e < (indptr[i + 1] as number); e++) dense[indices[e] as number] = 0;
  }
  return { n, k, idx, sim, count };
}

/** Row r's neighbours as {index, sim}, best first. */
export function neighboursOf(lists: TopKLists, r: number): Array<{ index: number; sim: number }> {
  const out: Array<{ index: number; sim: number }> = [];
  for (let q = 0; q < (lists.count[r] as number); q++) out.push({ index: lists.idx[r * lists.k + q] as number, sim: lists.sim[r * lists.k + q] as number });
  return out;
}

export interface NeighbourDoc {
  id: number;
  /**
   * The recommender text of the movie: movieText(genres, title, overview), or movieTextParts
   * (then the matrix also counts the overviews' terms: TfidfMatrix.partDf). Read once; it may
   * be a getter, so that a large catalogue never holds all its texts at once.
   */
  readonly text: string | TextParts;
}

export interface ComputeNeighboursOptions {
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /** Only these movies' lists are computed (each against the whole catalogue); see topKRows. */
  only?: ReadonlySet<number>;
}

/**
 * Every movie's top-k as flat typed arrays (no object per neighbour: a million movies' lists
 * take 60 MB): row r is the movie ids[r]; its neighbours are nbrIds/nbrSims[r*k ..
 * r*k + count[r]), best first (similarity desc, then lower id).
 */
export interface NeighbourTable {
  /** Movie ids, ascending (the input order does not matter). */
  ids: Int32Array;
  k: number;
  nbrIds: Int32Array;
  nbrSims: Float64Array;
  count: Int32Array;
}

export interface NeighboursResult extends NeighbourTable {
  vocabSize: number;
  /** Non-zero entries of the TF-IDF matrix. */
  nnz: number;
  /** Postings a search without bounds would walk (every row walks all its terms' lists): sum of df^2. */
  exhaustivePostings: number;
  /** The TF-IDF matrix the neighbours were computed from (rows in `ids` order): explain.ts reads its weights. */
  tfidf: TfidfMatrix;
  threads: number;
  /** Wall times, and CPU times of the whole process (worker threads included). */
  timings: { tfidfMs: number; topkMs: number; totalMs: number; tfidfCpuMs: number; topkCpuMs: number };
  /** What the search cost (postings walked, pairs scored exactly). */
  stats: KernelStats;
}

/** Row r's neighbours as {id, sim} objects, best first. */
export function neighbourList(t: NeighbourTable, r: number): Array<{ id: number; sim: number }> {
  const out: Array<{ id: number; sim: number }> = [];
  for (let q = 0; q < (t.count[r] as number); q++) out.push({ id: t.nbrIds[r * t.k + q] as number, sim: t.nbrSims[r * t.k + q] as number });
  return out;
}

/** Every row's neighbours as {id, sim} lists (row r is ids[r]): for the write stage and explain.ts. */
export function neighbourLists(t: NeighbourTable): Array<Array<{ id: number; sim: number }>> {
  return Array.from(t.ids, (_, r) => neighbourList(t, r));
}

/** The row of movie `id` in a table, or -1. */
export function rowOf(t: NeighbourTable, id: number): number {
  return indexOfId(t.ids, id);
}

/** Binary search of `id` in ascending ids; -1 if absent. */
function indexOfId(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid] as number;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Tokenise, TF-IDF and exact top-k for a catalogue. Documents are processed in ascending id
 * order whatever the input order, so the result (including the floating-point sums, which
 * follow the order in which terms first occur) depends only on the set of documents.
 */
export async function computeNeighbours(docs: readonly NeighbourDoc[], k = 5, opts: ComputeNeighboursOptions = {}): Promise<NeighboursResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const n = docs.length;
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  order.sort((a, b) => (docs[a] as NeighbourDoc).id - (docs[b] as NeighbourDoc).id);
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(n)));
  const ids = toIdArray(
    Array.from(order, (r) => (docs[r] as NeighbourDoc).id),
    n,
  );
  const m = buildTfidfOf(n, (r) => (docs[order[r] as number] as NeighbourDoc).text, { shared: threads > 1 });
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const topkOpts: TopKOptions = { threads };
  if (opts.onProgress) topkOpts.onProgress = opts.onProgress;
  let lists: TopKResult;
  if (opts.only === undefined) lists = await topK(m, ids, k, topkOpts);
  else {
    const rows: number[] = [];
    for (const id of opts.only) {
      const r = indexOfId(ids, id);
      if (r < 0) throw new Error(`computeNeighbours: no movie ${id}`);
      rows.push(r);
    }
    lists = topKRows(m, ids, rows, k);
  }
  const t2 = performance.now();
  const cpu2 = process.cpuUsage();
  const cpuMs = (a: NodeJS.CpuUsage, b: NodeJS.CpuUsage) => (b.user + b.system - a.user - a.system) / 1000;
  const nbrIds = new Int32Array(n * k);
  for (let e = 0; e < n * k; e++) {
    const j = lists.idx[e] as number;
    nbrIds[e] = j < 0 ? 0 : (ids[j] as number);
  }
  return {
    ids,
    k,
    nbrIds,
    nbrSims: lists.sim,
    count: lists.count,
    vocabSize: m.nCols,
    nnz: m.indptr[n] as number,
    exhaustivePostings: m.df.reduce((sum, d) => sum + d * d, 0),
    tfidf: m,
    threads,
    timings: { tfidfMs: t1 - t0, topkMs: t2 - t1, totalMs: performance.now() - t0, tfidfCpuMs: cpuMs(cpu0, cpu1), topkCpuMs: cpuMs(cpu1, cpu2) },
    stats: lists.stats,
  };
}
