// How far V8 lets the heap grow past what is live before a full collection. By default it
// grows it to a multiple of the live heap (up to 4x for a process that allocates fast), and the
// ETL allocates gigabytes of short-lived rows and text while the cleaned movies stay live: at
// 200k movies the RSS reached 1.36 GB for ~0.35 GB live, mostly garbage waiting for a
// collection. At 25 % the heap is collected once it is 1.25x what survived the last full
// collection, which keeps a million movies within their 2.5 GB budget. Every full collection
// marks the whole live heap, though, and the write stage allocates fast: at 200k movies its
// main thread ran 21 of them (~6 s of its ~45 s, `--trace-gc`). A catalogue of at most
// ROOMY_MAX_MOVIES gets more room once its size is known (V8 reads the flag at each
// collection): at 50 % the same run needed 9 (~2 s) but peaked at up to 1,001 MB against its
// 1 GB budget; 40 % peaked at 961 MB (2026-12-01, `npm run bench:etl -- --movies 200000`).
import v8 from "node:v8";

export const HEAP_GROWING_PERCENT = 25;
/** The growth allowed to a catalogue of at most ROOMY_MAX_MOVIES movies. */
export const ROOMY_GROWING_PERCENT = 40;
export const ROOMY_MAX_MOVIES = 250_000;

/** For the processes that run the ETL (npm run etl, bench:etl's child): set before the heap grows. */
export function tightenHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** Once the catalogue's size is known: more room for a small one (see above). The flag is process-wide: worker threads follow it. */
export function heapGrowthFor(movies: number): void {
  if (movies <= ROOMY_MAX_MOVIES) v8.setFlagsFromString(`--heap-growing-percent=${ROOMY_GROWING_PERCENT}`);
}
