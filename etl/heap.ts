// How far V8 lets the heap grow past what is live before a full collection. By default it
// grows it to a multiple of the live heap (up to 4x for a process that allocates fast), and the
// ETL allocates gigabytes of short-lived rows and text while the cleaned movies stay live: at
// 200k movies the RSS reached 1.36 GB for ~0.35 GB live, mostly garbage waiting for a
// collection. At 25 % the heap is collected once it is 1.25x what survived the last full
// collection: 200k peaks at ~0.75 GB, for a few more (short) full collections.
import v8 from "node:v8";

export const HEAP_GROWING_PERCENT = 25;

/** For the processes that run the ETL (npm run etl, bench:etl's child): set before the heap grows. */
export function tightenHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
