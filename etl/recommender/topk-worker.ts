// Worker thread of topK(): claims chunks of rows from a shared counter, queries them against
// the shared (zero-copy) matrix, and posts back its own top-k lists for the main thread to merge.
import { parentPort, workerData } from "node:worker_threads";
import { newScratch, newState, newStats, queryRows, type KernelMatrix, type KernelStats } from "./topk-kernel.ts";

export interface WorkerInput {
  m: KernelMatrix;
  ids: Int32Array;
  k: number;
  /** Shared counter: next row to claim. */
  next: Int32Array;
  chunkRows: number;
}

export type WorkerMessage =
  | { type: "progress"; rows: number }
  | { type: "done"; idx: Int32Array; sim: Float64Array; count: Int32Array; stats: KernelStats };

const { m, ids, k, next, chunkRows } = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error("topk-worker must run as a worker thread");
const n = m.nRows;
const st = newState(n, k);
const sc = newScratch(m, k);
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
const done: WorkerMessage = { type: "done", idx: st.idx, sim: st.sim, count: st.count, stats };
port.postMessage(done, [st.idx.buffer as ArrayBuffer, st.sim.buffer as ArrayBuffer, st.count.buffer as ArrayBuffer]);
