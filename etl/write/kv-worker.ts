// Worker thread of the write stage's KV step (kv-step.ts): writes it and posts what it wrote.
import { parentPort, workerData } from "node:worker_threads";
import { type KvStepInput, kvStepFromInput } from "./kv-step.ts";

if (parentPort === null) throw new Error("kv-worker must run as a worker thread");
parentPort.postMessage(kvStepFromInput(workerData as KvStepInput));
