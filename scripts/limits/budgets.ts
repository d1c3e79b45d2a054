// The Free-plan budgets of issue 10, and which measured figure each one bounds. A row over any
// of them is flagged in the tables; `npm run bench:limits -- --check` exits non-zero.

export const FREE = {
  /** CPU per invocation, fetch and scheduled (fetch: at p99 of the warm samples). */
  cpuMs: 10,
  /** Subrequests per invocation (every D1, KV, R2 and Cache API call counted). */
  subrequests: 50,
  /** D1 queries per invocation (each statement of a batch counts). */
  d1Queries: 50,
  /** Isolate memory. */
  heapMb: 128,
  /** D1 rows read per request, by kind of request. */
  rowsRead: { found: 10, suggest: 200, search: 2_000, refresh: 5 },
} as const;

export const ROWS_BUDGET_LABEL = { found: "found name", suggest: "404 with suggestions", search: "/buscar", refresh: "isolate refresh" } as const;

/** Daily quotas of the Free plan (account-wide; D1 and KV stop answering until 00:00 UTC when spent). */
export const DAILY = {
  requests: 100_000,
  d1RowsRead: 5_000_000,
  d1RowsWritten: 100_000,
  kvReads: 100_000,
  kvWrites: 1_000,
  kvDeletes: 1_000,
  kvLists: 1_000,
} as const;

const fmt = (n: number, d = 1) => n.toLocaleString("en", { maximumFractionDigits: d });

export interface Figures {
  cpuMs?: number;
  subrequests: number;
  d1Queries: number;
  heapMb?: number;
  rowsRead?: number;
  rowsBudget?: keyof typeof FREE.rowsRead;
}

/** What is over budget in these figures, as short phrases ("CPU 12.3 > 10 ms"). */
export function overBudget(f: Figures): string[] {
  const out: string[] = [];
  if (f.cpuMs !== undefined && f.cpuMs > FREE.cpuMs) out.push(`CPU ${fmt(f.cpuMs)} > ${FREE.cpuMs} ms`);
  if (f.subrequests > FREE.subrequests) out.push(`${f.subrequests} > ${FREE.subrequests} subrequests`);
  if (f.d1Queries > FREE.d1Queries) out.push(`${f.d1Queries} > ${FREE.d1Queries} D1 queries`);
  if (f.heapMb !== undefined && f.heapMb > FREE.heapMb) out.push(`heap ${fmt(f.heapMb)} > ${FREE.heapMb} MB`);
  if (f.rowsBudget && f.rowsRead !== undefined && f.rowsRead > FREE.rowsRead[f.rowsBudget]) {
    out.push(`${fmt(f.rowsRead, 0)} > ${fmt(FREE.rowsRead[f.rowsBudget], 0)} rows read (${ROWS_BUDGET_LABEL[f.rowsBudget]})`);
  }
  return out;
}
