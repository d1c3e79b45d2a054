// Exact all-pairs top-k cosine neighbours over an L2-normalised TF-IDF matrix, without the
// N x N matrix: an inverted index (CSC copy of the matrix), one reusable accumulator and
// touched list per thread, each pair computed once (symmetry), rows spread over worker threads
// that share the matrix through SharedArrayBuffers. See topk-kernel.ts for the exactness rules.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { buildTfidf, type TfidfMatrix } from "./tfidf.ts";
import { mergeLists, newState, scanRows, type KernelMatrix, type TopKLists } from "./topk-kernel.ts";
import type { WorkerInput, WorkerMessage } from "./topk-worker.ts";

export type { KernelMatrix, TopKLists } from "./topk-kernel.ts";

export interface TopKOptions {
  /** Worker threads; 1 = compute on the calling thread. Default: all cores for large inputs. */
  threads?: number;
  /** Called with (rows done, rows) as the scan progresses. */
  onProgress?: (done: number, total: number) => void;
  /** Rows claimed at a time by a thread (default 16). */
  chunkRows?: number;
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

/** The CSR matrix plus its CSC copy (postings ascending by row), shared if asked. */
export function buildKernelMatrix(m: TfidfMatrix, shared = false): KernelMatrix {
  const { nRows, nCols, indptr, indices, data } = m;
  const nnz = indptr[nRows] as number;
  const colptr = allocI32(nCols + 1, shared);
  for (let e = 0; e < nnz; e++) colptr[(indices[e] as number) + 1] = (colptr[(indices[e] as number) + 1] as number) + 1;
  for (let t = 0; t < nCols; t++) colptr[t + 1] = (colptr[t + 1] as number) + (colptr[t] as number);
  const fill = colptr.slice(0, nCols);
  const cscRows = allocI32(nnz, shared);
  const cscData = allocF64(nnz, shared);
  const cscPos = allocI32(nnz, shared);
  for (let i = 0; i < nRows; i++) {
    for (let e = indptr[i] as number, b = indptr[i + 1] as number; e < b; e++) {
      const t = indices[e] as number;
      const p = fill[t] as number;
      fill[t] = p + 1;
      cscRows[p] = i;
      cscData[p] = data[e] as number;
      cscPos[e] = p;
    }
  }
  return {
    nRows,
    indptr: shared ? sharedCopy(indptr) : indptr,
    indices: shared ? sharedCopy(indices) : indices,
    data: shared ? sharedCopy(data) : data,
    colptr,
    cscRows,
    cscData,
    cscPos,
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
export function topKSync(m: TfidfMatrix, ids: ArrayLike<number>, k = 5, onProgress?: (done: number, total: number) => void): TopKLists {
  checkK(k);
  const n = m.nRows;
  const km = buildKernelMatrix(m, false);
  const idArr = toIdArray(ids, n);
  const st = newState(n, k);
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const step = 256;
  for (let lo = 0; lo < n; lo += step) {
    const hi = Math.min(n, lo + step);
    scanRows(km, idArr, st, acc, touched, lo, hi);
    onProgress?.(hi, n);
  }
  return { n, k, idx: st.idx, sim: st.sim, count: st.count };
}

/** tsx's ESM register API, resolved through its package exports. */
function tsxRegisterUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports["./esm/api"];
  const rel = typeof entry === "object" ? entry.import?.default : undefined;
  if (rel === undefined) throw new Error("topK: cannot find tsx/esm/api to run the TypeScript worker");
  return pathToFileURL(path.join(path.dirname(pkgPath), rel)).href;
}

function startWorker(input: WorkerInput): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./topk-worker.js", import.meta.url), { workerData: input });
  // Running from TypeScript sources (tsx, vitest). Node 20 does not apply the parent's (or an
  // execArgv --import) loader to a worker's entry module, so the worker registers tsx itself.
  const entry = new URL("./topk-worker.ts", import.meta.url).href;
  const code =
    `import(${JSON.stringify(tsxRegisterUrl())})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((e) => { process.nextTick(() => { throw e; }); });`;
  return new Worker(code, { eval: true, workerData: input });
}

/**
 * Exact top-k neighbours of every row: the k other rows with the highest cosine similarity
 * (dot product of the normalised rows) > 0, ties broken by lower id. `ids[r]` is row r's id;
 * rows need not be sorted by id. With threads > 1 the rows are shared among worker threads;
 * the result is identical for any number of threads.
 */
export async function topK(m: TfidfMatrix, ids: ArrayLike<number>, k = 5, opts: TopKOptions = {}): Promise<TopKLists> {
  checkK(k);
  const n = m.nRows;
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(n)));
  if (threads === 1) return topKSync(m, ids, k, opts.onProgress);

  const km = buildKernelMatrix(m, true);
  const idArr = toIdArray(ids, n, true);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const input: WorkerInput = { m: km, ids: idArr, k, next, chunkRows: opts.chunkRows ?? 16 };
  const workers: Worker[] = [];
  let done = 0;
  try {
    const parts = await Promise.all(
      Array.from({ length: threads }, () =>
        new Promise<TopKLists>((resolve, reject) => {
          const w = startWorker(input);
          workers.push(w);
          let result: TopKLists | undefined;
          w.on("message", (msg: WorkerMessage) => {
            if (msg.type === "progress") {
              done += msg.rows;
              opts.onProgress?.(done, n);
            } else {
              result = { n, k, idx: msg.idx, sim: msg.sim, count: msg.count };
            }
          });
          w.on("error", reject);
          w.on("exit", (code) => {
            if (result !== undefined) resolve(result);
            else reject(new Error(`topK worker exited with code ${code} before finishing`));
          });
        }),
      ),
    );
    const st = newState(n, k);
    for (const part of parts) mergeLists(st, part, idArr);
    return { n, k, idx: st.idx, sim: st.sim, count: st.count };
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
  /** The recommender text of the movie: movieText(genres, title, overview). */
  text: string;
}

export interface ComputeNeighboursOptions {
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface NeighboursResult {
  /** Movie ids, ascending (the input order does not matter). */
  ids: Int32Array;
  /** neighbours[r]: the top-k of ids[r], best first (similarity desc, then lower id). */
  neighbours: Array<Array<{ id: number; sim: number }>>;
  vocabSize: number;
  /** Non-zero entries of the TF-IDF matrix. */
  nnz: number;
  /** The TF-IDF matrix the neighbours were computed from (rows in `ids` order): explain.ts reads its weights. */
  tfidf: TfidfMatrix;
  threads: number;
  timings: { tfidfMs: number; topkMs: number; totalMs: number };
}

/**
 * Tokenise, TF-IDF and exact top-k for a catalogue. Documents are processed in ascending id
 * order whatever the input order, so the result (including the floating-point sums, which
 * follow the order in which terms first occur) depends only on the set of documents.
 */
export async function computeNeighbours(docs: readonly NeighbourDoc[], k = 5, opts: ComputeNeighboursOptions = {}): Promise<NeighboursResult> {
  const t0 = performance.now();
  const sorted = [...docs].sort((a, b) => a.id - b.id);
  const n = sorted.length;
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(n)));
  const ids = toIdArray(
    sorted.map((d) => d.id),
    n,
  );
  const m = buildTfidf(
    sorted.map((d) => d.text),
    { shared: threads > 1 },
  );
  const t1 = performance.now();
  const topkOpts: TopKOptions = { threads };
  if (opts.onProgress) topkOpts.onProgress = opts.onProgress;
  const lists = await topK(m, ids, k, topkOpts);
  const t2 = performance.now();
  const neighbours: Array<Array<{ id: number; sim: number }>> = new Array(n);
  for (let r = 0; r < n; r++) {
    const row: Array<{ id: number; sim: number }> = [];
    for (let q = 0; q < (lists.count[r] as number); q++) row.push({ id: ids[lists.idx[r * k + q] as number] as number, sim: lists.sim[r * k + q] as number });
    neighbours[r] = row;
  }
  return {
    ids,
    neighbours,
    vocabSize: m.nCols,
    nnz: m.indptr[n] as number,
    tfidf: m,
    threads,
    timings: { tfidfMs: t1 - t0, topkMs: t2 - t1, totalMs: performance.now() - t0 },
  };
}

