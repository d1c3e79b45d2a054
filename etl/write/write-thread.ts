// The write stage's worker thread, seen from the main thread. It is started with the movies'
// columns before the recommender runs (it loads while the main thread tokenises, on the core
// that is idle then), runs the KV step once it is sent the neighbours (kv-step.ts: explained,
// then the shards, while the main thread writes the catalogue), then writes the portable
// tables it is sent (discover_lists, the catalogue's largest table, made from a few typed
// arrays: etl/build/discover.ts), so that on two cores the write stage takes about the longer
// of the two threads' shares instead of their sum.
import type { Worker } from "node:worker_threads";
import type { PortableTable } from "../build/catalog.ts";
import { startWorker } from "../worker.ts";
import type { KvMovieColumns, KvNeighbours, KvWritten } from "./kv-step.ts";
import type { WrittenTable } from "./table.ts";

/** What the worker is started with (write-worker.ts). */
export interface WriteThreadInput {
  tmp: string;
  storeDir: string;
  /** The movies, when this thread is to run the KV step (startKv). */
  movies?: KvMovieColumns;
}
export type ToWorker = { kind: "kv"; neighbours: KvNeighbours } | { kind: "table"; job: number; index: number; table: PortableTable } | { kind: "end" };
export type FromWorker = { kind: "kv"; written: KvWritten } | { kind: "table"; job: number; written: WrittenTable };

interface Waiting<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}
function deferred<T>(): Waiting<T> & { promise: Promise<T> } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // awaited (and its failure thrown) by whoever asked
  return { promise, resolve, reject };
}

/** The ArrayBuffers under `value`'s typed arrays: moved to the worker, not copied. */
function buffersOf(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value && typeof value === "object") for (const v of Object.values(value)) buffersOf(v, out);
  return [...out];
}

/** A portable table's typed arrays (a search table has none: walking its ~200k entries for them cost 0.3 s at 200k). */
const transferOf = (table: PortableTable): ArrayBuffer[] =>
  table.kind === "discover_lists" ? buffersOf(table.plan) : table.kind === "columns" ? buffersOf(table.data.filter((c) => ArrayBuffer.isView(c))) : [];

export class WriteThread {
  private readonly worker: Worker;
  private readonly kvResult = deferred<KvWritten>();
  private readonly tables = new Map<number, Waiting<WrittenTable>>();
  private readonly exited = deferred<void>();
  private jobs = 0;

  constructor(input: WriteThreadInput) {
    this.worker = startWorker(import.meta.url, "./write-worker", input);
    this.worker.on("message", (m: FromWorker) => {
      if (m.kind === "kv") this.kvResult.resolve(m.written);
      else {
        this.tables.get(m.job)?.resolve(m.written);
        this.tables.delete(m.job);
      }
    });
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => {
      this.fail(new Error(`the write stage's worker thread exited with code ${code} before finishing`));
      this.exited.resolve();
    });
    if (!input.movies) this.kvResult.reject(new Error("this write thread was not given the KV step"));
  }

  /** Starts the KV step (before any table sent after): its result, or why it failed. */
  startKv(neighbours: KvNeighbours): Promise<KvWritten> {
    this.worker.postMessage({ kind: "kv", neighbours } satisfies ToWorker);
    return this.kvResult.promise;
  }

  /** The KV step's result, when this thread runs it. */
  get kv(): Promise<KvWritten> {
    return this.kvResult.promise;
  }

  /** Makes and writes a portable table as the i-th table; its typed arrays move to the worker (unusable here after). */
  write(table: PortableTable, index: number): Promise<WrittenTable> {
    const job = this.jobs++;
    const waiting = deferred<WrittenTable>();
    this.tables.set(job, waiting);
    this.worker.postMessage({ kind: "table", job, index, table } satisfies ToWorker, transferOf(table));
    return waiting.promise;
  }

  /** No more jobs: settles when the worker has finished the ones it has and exited. */
  end(): Promise<void> {
    this.worker.postMessage({ kind: "end" } satisfies ToWorker);
    return this.exited.promise;
  }

  /** Stops the worker at once (the write stage failed elsewhere). */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }

  /** Everything still awaited fails with `err` (settled promises stay as they are). */
  private fail(err: Error): void {
    this.kvResult.reject(err);
    for (const w of this.tables.values()) w.reject(err);
    this.tables.clear();
  }
}
