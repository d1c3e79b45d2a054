// What one reseed run may spend. The defaults are the Workers free plan per invocation: 50 D1
// queries (each statement of a batch counts), 1,000 operations on KV and R2 together. A run
// that would need more stops where it is, and the next run continues from there.

export interface Limits {
  /** D1 statements per run (free plan: 50; paid: 1,000). */
  d1Queries: number;
  /** KV + R2 operations per run (both plans: 1,000). */
  serviceOps: number;
  /** Diff JSON a run may stage; bounds memory (128 MB per isolate) and the rows of one day. */
  stageBytesPerRun: number;
  /** Staged diff is written to D1 once this much is pending in memory. */
  flushBytes: number;
  /** Largest JSON bound to one statement (D1 allows 2,000,000 bytes per value). */
  chunkBytes: number;
  /** A lease older than this belongs to a run that died; the next run takes over. */
  leaseMs: number;
  /** KV keys of replaced versions are deleted only this long after a switch (readers cache 60 s). */
  gcGraceMs: number;
}

export const FREE_PLAN: Limits = {
  d1Queries: 50,
  serviceOps: 1_000,
  stageBytesPerRun: 24_000_000,
  flushBytes: 4_000_000,
  chunkBytes: 1_500_000,
  leaseMs: 20 * 60_000,
  gcGraceMs: 15 * 60_000,
};

/** D1 statements kept back for the run's closing record (outcome, lease release, stage clear). */
export const CLOSING_QUERIES = 2;

export class BudgetExceeded extends Error {}

/** Counts what a run spends, and refuses to go over the limits (a planning bug, not an outcome). */
export class Budget {
  d1Queries = 0;
  d1RowsWritten = 0;
  serviceOps = 0;
  r2Reads = 0;

  constructor(readonly limits: Limits) {}

  /** D1 statements left for work, keeping the closing record's share. */
  get d1Left(): number {
    return this.limits.d1Queries - CLOSING_QUERIES - this.d1Queries;
  }
  get opsLeft(): number {
    return this.limits.serviceOps - this.serviceOps;
  }

  /** Runs statements as one D1 batch (one transaction); `closing` may use the kept-back share. */
  async batch<T = Record<string, unknown>>(db: D1Database, statements: D1PreparedStatement[], closing = false): Promise<D1Result<T>[]> {
    if (statements.length === 0) return [];
    const left = closing ? this.limits.d1Queries - this.d1Queries : this.d1Left;
    if (statements.length > left) throw new BudgetExceeded(`D1 budget: ${statements.length} statements, ${left} left`);
    this.d1Queries += statements.length;
    const results = await db.batch<T>(statements);
    for (const r of results) this.d1RowsWritten += r.meta?.rows_written ?? 0;
    return results;
  }

  /** One read statement, as arrays of values in column order. */
  async raw<T extends unknown[]>(statement: D1PreparedStatement): Promise<T[]> {
    if (this.d1Left < 1) throw new BudgetExceeded("D1 budget: no query left for a read");
    this.d1Queries++;
    return statement.raw<T>();
  }

  /** Accounts for KV/R2 operations before they are made. */
  spendOps(n: number, what: string): void {
    if (n > this.opsLeft) throw new BudgetExceeded(`KV/R2 budget: ${what} needs ${n}, ${this.opsLeft} left`);
    this.serviceOps += n;
  }
}
