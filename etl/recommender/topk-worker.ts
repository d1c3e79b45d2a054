// Worker thread of topK(): claims chunks of rows from a shared counter and queries them against
// the shared (zero-copy) matrix, writing their lists into the shared state (a row is written
// only by the thread that claimed it); posts back progress and its costs.
import { parentPort, workerData } from "node:worker_threads";
import { type KernelMatrix, type KernelStats, newScratch, newStats, queryRows, type State } from "./topk-kernel.ts";

export interface WorkerInput {
  m: KernelMatrix;
  ids: Int32Array;
  k: number;
  /** The lists of all rows, on SharedArrayBuffers. */
  st: State;
  /** Shared counter: next row to claim. */
  next: Int32Array;
  chunkRows: number;
}

export type WorkerMessage = { type: "progress"; rows: number } | { type: "done"; stats: KernelStats };

const { m, ids, st, next, chunkRows } = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error("topk-worker must run as a worker thread");
const n = m.nRows;
const sc = newScratch(m);
const stats = newStats();
let pending = 0;
for (;;) {
  const lo = Atomics.add(next, 0, chunkRows);
  if (lo >= n) break;
  const hi = Math.min(n, lo + chunkRows);
  queryRows(m, ids, st, sc, stats, lo, hi);
  pending += hi - lo;
  if (pending >= 512) {
    port.postMessage({ type: "progress", rows: pending } satisfies WorkerMessage);
    pending = 0;
  }
}
if (pending > 0) port.postMessage({ type: "progress", rows: pending } satisfies WorkerMessage);
port.postMessage({ type: "done", stats } satisfies WorkerMessage);
