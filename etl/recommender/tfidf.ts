// TF-IDF exactly as scikit-learn's TfidfVectorizer(stop_words='english') with its defaults,
// down to the floating-point order of operations:
//   weight = count * idf,  idf = ln((1 + n) / (1 + df)) + 1,  row /= sqrt(sum of squares)
// (the log correctly rounded: numpy's own may be one ulp away, see crlog.ts).
//
// Column numbering and entry order follow what scikit-learn really stores, because the order
// of floating-point sums depends on it:
// - CountVectorizer numbers terms by first occurrence in the corpus, sorts each row by that
//   number, and finally relabels columns alphabetically WITHOUT re-sorting rows;
// - `X * idf_diag` (scipy csr_matmat) reverses every row (linked-list output order);
// - `normalize` sums squares in that stored order; `X @ X.T` accumulates in it too.
// So here a column is the term's first-occurrence number and each row is stored in DESCENDING
// column order: the L2 norms are then bit-identical to scikit-learn's, and a dot product
// summed in stored order is bit-identical to scipy's sparse X·Xᵀ (see topk.ts).
// `sortedVocabulary()` gives scikit-learn's alphabetical `vocabulary_` when it is needed.
import { crLog } from "./crlog.ts";
import { forEachToken } from "./text.ts";

export interface TfidfMatrix {
  nRows: number;
  nCols: number;
  /** CSR row pointers (nRows + 1). */
  indptr: Int32Array;
  /** CSR column of each entry; within a row, strictly descending. */
  indices: Int32Array;
  /** L2-normalised TF-IDF weight of each entry (rows of empty documents have no entries). */
  data: Float64Array;
  /** Term of each column (columns numbered by first occurrence in the corpus). */
  terms: string[];
  /** Document frequency of each column. */
  df: Int32Array;
  /**
   * When the texts came in two parts (TextParts): the documents whose second part holds each
   * column. The EDA's overview terms, counted in this pass instead of tokenising every
   * overview again (2-3 s at 200k movies).
   */
  partDf?: Int32Array;
  /** Smooth idf of each column: ln((1 + n) / (1 + df)) + 1. */
  idf: Float64Array;
}

/**
 * A document's text in two parts whose tokens, in order, are those of the whole text (text.ts:
 * movieTextParts), so that the second part's terms can be counted apart (TfidfMatrix.partDf).
 */
export type TextParts = readonly [string, string];

export interface TfidfOptions {
  /** Allocate indptr/indices/data on SharedArrayBuffers (for worker threads). */
  shared?: boolean;
}

function alloc<T extends Int32Array | Float64Array>(
  ctor: { new (b: ArrayBufferLike, o: number, l: number): T; BYTES_PER_ELEMENT: number },
  n: number,
  shared: boolean,
): T {
  const buf = shared ? new SharedArrayBuffer(n * ctor.BYTES_PER_ELEMENT) : new ArrayBuffer(n * ctor.BYTES_PER_ELEMENT);
  return new ctor(buf, 0, n);
}

function grow(a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** A row-mark array (-1: no row yet) grown to `length`. */
function growMarks(a: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length).fill(-1);
  b.set(a);
  return b;
}

/** Entries per chunk of a ChunkedInt32 (4 MB). */
const CHUNK = 1 << 20;

/**
 * A growing list of int32 in fixed-size chunks: it never copies itself to grow (a doubling
 * array holds its old and new copies at once, and leaves the old ones for the GC), and it is
 * read out chunk by chunk, each chunk let go once read — at a million movies the matrix's
 * entries pass from here to their final arrays without two full copies at once.
 */
class ChunkedInt32 {
  private chunks: (Int32Array | undefined)[] = [];
  private cur = new Int32Array(0);
  private at = 0;
  length = 0;

  push(v: number): void {
    if (this.at === this.cur.length) {
      this.cur = new Int32Array(CHUNK);
      this.chunks.push(this.cur);
      this.at = 0;
    }
    this.cur[this.at++] = v;
    this.length++;
  }

  /** Hands out the entries in order, as (chunk, index of its first entry); the list is empty after. */
  drain(use: (chunk: Int32Array, start: number) => void): void {
    for (let c = 0; c < this.chunks.length; c++) {
      const start = c * CHUNK;
      use(this.chunks[c]!.subarray(0, Math.min(CHUNK, this.length - start)), start);
      this.chunks[c] = undefined;
    }
    this.chunks = [];
    this.cur = new Int32Array(0);
    this.at = 0;
    this.length = 0;
  }
}

/**
 * Tokenises `texts` (sklearn analyzer: lower-case, `\b\w\w+\b`, English stop words) and builds
 * the L2-normalised TF-IDF matrix. Tokens are interned to column numbers as they are read;
 * only per-document (column, count) pairs are kept.
 */
export function buildTfidf(texts: readonly string[], opts: TfidfOptions = {}): TfidfMatrix {
  return buildTfidfOf(texts.length, (r) => texts[r] as string, opts);
}

/**
 * buildTfidf over n documents whose texts are made one at a time by `textOf(r)`, so that a
 * large catalogue never holds all its texts at once. Texts given in parts (all or none) also
 * give the matrix its partDf.
 */
export function buildTfidfOf(n: number, textOf: (r: number) => string | TextParts, opts: TfidfOptions = {}): TfidfMatrix {
  const shared = opts.shared ?? false;
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  let mark = new Int32Array(1024).fill(-1); // last row a column was seen in
  let count = new Int32Array(1024); // its count in that row
  let df = new Int32Array(1024);
  let partMark = new Int32Array(1024).fill(-1); // last row a column was seen in the second part of
  let partDf = new Int32Array(1024);
  let parts = false;
  let docTerms = new Int32Array(256);
  const cols = new ChunkedInt32();
  const counts = new ChunkedInt32();
  const indptr = alloc(Int32Array, n + 1, shared);
  let nnz = 0;

  let r = 0;
  let nd = 0;
  let inPart = false; // tokens of the second part
  const add = (tok: string) => {
    let t = termIds.get(tok);
    if (t === undefined) {
      t = terms.length;
      termIds.set(tok, t);
      terms.push(tok);
      if (t >= mark.length) {
        mark = growMarks(mark, mark.length * 2);
        count = grow(count, mark.length);
        df = grow(df, mark.length);
        partMark = growMarks(partMark, mark.length);
        partDf = grow(partDf, mark.length);
      }
    }
    if (mark[t] !== r) {
      mark[t] = r;
      count[t] = 1;
      docTerms = grow(docTerms, nd + 1);
      docTerms[nd++] = t;
    } else {
      count[t] = (count[t] as number) + 1;
    }
    if (inPart && partMark[t] !== r) {
      partMark[t] = r;
      partDf[t] = (partDf[t] as number) + 1;
    }
  };
  for (r = 0; r < n; r++) {
    nd = 0;
    const text = textOf(r);
    if (typeof text === "string") {
      if (parts) throw new Error("buildTfidfOf: every text in parts, or none");
      forEachToken(text, add);
    } else {
      if (r > 0 && !parts) throw new Error("buildTfidfOf: every text in parts, or none");
      parts = true;
      forEachToken(text[0], add);
      inPart = true;
      forEachToken(text[1], add);
      inPart = false;
    }
    const row = docTerms.subarray(0, nd).sort();
    for (let q = nd - 1; q >= 0; q--) {
      const t = row[q] as number;
      cols.push(t);
      counts.push(count[t] as number);
      df[t] = (df[t] as number) + 1;
      nnz++;
    }
    indptr[r + 1] = nnz;
  }

  const nCols = terms.length;
  const idf = new Float64Array(nCols);
  // sklearn: idf = np.log(n_samples / df) + 1 with n_samples = n + 1 and df = df + 1 (float64).
  // The quotient is the same double; the log is correctly rounded (see crlog.ts), numpy's
  // SIMD log may be one ulp away from it.
  const idfOfDf = new Map<number, number>();
  for (let t = 0; t < nCols; t++) {
    const d = df[t] as number;
    let v = idfOfDf.get(d);
    if (v === undefined) {
      v = crLog((n + 1) / (d + 1)) + 1;
      idfOfDf.set(d, v);
    }
    idf[t] = v;
  }

  const indices = alloc(Int32Array, nnz, shared);
  const data = alloc(Float64Array, nnz, shared);
  cols.drain((chunk, start) => indices.set(chunk, start));
  counts.drain((chunk, start) => {
    for (let i = 0; i < chunk.length; i++) data[start + i] = (chunk[i] as number) * (idf[indices[start + i] as number] as number);
  });
  for (let r = 0; r < n; r++) {
    // sklearn.utils.sparsefuncs_fast._inplace_csr_row_normalize_l2
    const a = indptr[r] as number;
    const b = indptr[r + 1] as number;
    let sum = 0;
    for (let e = a; e < b; e++) sum += (data[e] as number) * (data[e] as number);
    if (sum === 0) continue;
    const norm = Math.sqrt(sum);
    for (let e = a; e < b; e++) data[e] = (data[e] as number) / norm;
  }
  return { nRows: n, nCols, indptr, indices, data, terms, df: df.slice(0, nCols), idf, ...(parts ? { partDf: partDf.slice(0, nCols) } : {}) };
}

/** scikit-learn's `vocabulary_`: term -> column index in alphabetical (code point) order. */
export function sortedVocabulary(m: TfidfMatrix): Map<string, number> {
  const order = m.terms.map((_, i) => i).sort((a, b) => compareCodePoints(m.terms[a] as string, m.terms[b] as string));
  return new Map(order.map((t, i) => [m.terms[t] as string, i]));
}

/** Python's str ordering (by code point; JavaScript's `<` compares UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // a surrogate (astral code point) sorts after every BMP code point
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
