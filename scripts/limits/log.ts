// Progress lines of the limits harness, on stderr (stdout carries the tables), with the time
// since the run started.
const t0 = performance.now();

export function log(msg: string) {
  process.stderr.write(`[limits +${((performance.now() - t0) / 1000).toFixed(0)}s] ${msg}\n`);
}
