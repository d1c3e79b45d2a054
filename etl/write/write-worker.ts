// Worker thread of the write stage (write-thread.ts): the KV step when it is sent the
// neighbours, and each portable table it is sent, made and written here, in the order sent;
// each result posted back as it is done.
import { parentPort, workerData } from "node:worker_threads";
import { tableOf } from "../build/catalog.ts";
import { BundleStore } from "./bundle.ts";
import { explainedKvStep, kvTitles } from "./kv-step.ts";
import { writeTable } from "./table.ts";
import type { FromWorker, ToWorker, WriteThreadInput } from "./write-thread.ts";

const port = parentPort;
if (port === null) throw new Error("write-worker must run as a worker thread");
const input = workerData as WriteThreadInput;
const store = new BundleStore(input.storeDir);

// The movies' side of the shards, made while the recommender runs (the main thread is
// tokenising then, this core idle).
const titles = input.movies ? kvTitles(input.movies) : undefined;

port.on("message", (m: ToWorker) => {
  if (m.kind === "end") port.close();
  else if (m.kind === "kv") {
    if (!titles) throw new Error("the write thread was sent the neighbours but not the movies");
    port.postMessage({ kind: "kv", written: explainedKvStep(input.tmp, store, titles, m.neighbours) } satisfies FromWorker);
  } else port.postMessage({ kind: "table", job: m.job, written: writeTable(input.tmp, store, tableOf(m.table), m.index) } satisfies FromWorker);
});
