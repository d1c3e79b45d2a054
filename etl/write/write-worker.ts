// Worker thread of the write stage (write-thread.ts): the KV step if it is given one, then each
// portable table it is sent, made and written here; each result posted back as it is done.
import { parentPort, workerData } from "node:worker_threads";
import { tableOf } from "../build/catalog.ts";
import { BundleStore } from "./bundle.ts";
import { kvStepFromInput } from "./kv-step.ts";
import { writeTable } from "./table.ts";
import type { FromWorker, ToWorker, WriteThreadInput } from "./write-thread.ts";

const port = parentPort;
if (port === null) throw new Error("write-worker must run as a worker thread");
const input = workerData as WriteThreadInput;
const store = new BundleStore(input.storeDir);

if (input.kv) port.postMessage({ kind: "kv", written: kvStepFromInput(input.tmp, store, input.kv) } satisfies FromWorker);
port.on("message", (m: ToWorker) => {
  if (m.kind === "end") port.close();
  else port.postMessage({ kind: "table", job: m.job, written: writeTable(input.tmp, store, tableOf(m.table), m.index) } satisfies FromWorker);
});
