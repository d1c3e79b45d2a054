// What one reseed invocation may spend, and what the reseed may spend in a UTC day.
//
// Per invocation (a cron run or POST /admin/reseed), the Workers Free plan allows 10 ms of CPU
// and 50 subrequests (each D1 call — a statement or a whole batch —, KV and R2 operation counts
// one). The Worker's CPU goes into the bytes it moves (hashing, decoding, the D1 binding's JSON
// encoding of the bound text: ~5 ms per MB), so a run reads at most `bytesPerRun` of R2 parts;
// `npm run bench:limits` measures the CPU this costs.
//
// Per UTC day, the Free plan allows 100,000 D1 rows written and 1,000 KV writes (puts and
// deletes) for the whole account; when D1's is spent, no query runs until 00:00 UTC. The reseed
// never plans past the limits set by the vars RESEED_D1_ROWS_PER_DAY and RESEED_KV_WRITES_PER_DAY
// (defaults: the Free plan's); a bigger load continues by itself on the following days. On
// Workers Paid (30 s of CPU and 10,000 subrequests per invocation), RESEED_SUBREQUESTS and
// RESEED_BYTES_PER_RUN let each run do far more.

export interface Limits {
  /** Subrequests per invocation (Free: 50). One is kept back for the run's closing record. */
  subrequests: number;
  /** Bytes of R2 parts one invocation reads (and hashes). */
  bytesPerRun: number;
  /** D1 rows written per UTC day, by the reseed. */
  d1RowsPerDay: number;
  /** KV writes (puts + deletes) per UTC day. */
  kvWritesPerDay: number;
  /** KV writes are eventually consistent (60 s or more to other locations): the switch waits this long after the last one. */
  kvSettleMs: number;
  /** A lease older than this belongs to a run that died; the next run takes over. */
  leaseMs: number;
  /** KV keys of a replaced version are deleted only this long after the switch (readers cache the map 60 s). */
  gcGraceMs: number;
}

export const FREE_PLAN: Limits = {
  subrequests: 50,
  bytesPerRun: 256_000,
  d1RowsPerDay: 100_000,
  kvWritesPerDay: 1_000,
  kvSettleMs: 90_000,
  leaseMs: 5 * 60_000,
  gcGraceMs: 15 * 60_000,
};

/** The vars that override the defaults (wrangler.toml [vars], or `wrangler deploy --var`). */
export interface LimitVars {
  RESEED_D1_ROWS_PER_DAY?: string;
  RESEED_KV_WRITES_PER_DAY?: string;
  RESEED_SUBREQUESTS?: string;
  RESEED_BYTES_PER_RUN?: string;
  KV_SETTLE_SECONDS?: string;
}

const positive = (v: string | undefined) => (v !== undefined && v.trim() !== "" && Number.isFinite(Number(v)) && Number(v) >= 0 ? Number(v) : undefined);

export function limitsFrom(vars: LimitVars, overrides: Partial<Limits> = {}): Limits {
  const settle = positive(vars.KV_SETTLE_SECONDS);
  return {
    ...FREE_PLAN,
    ...(positive(vars.RESEED_D1_ROWS_PER_DAY) !== undefined && { d1RowsPerDay: positive(vars.RESEED_D1_ROWS_PER_DAY)! }),
    ...(positive(vars.RESEED_KV_WRITES_PER_DAY) !== undefined && { kvWritesPerDay: positive(vars.RESEED_KV_WRITES_PER_DAY)! }),
    ...(positive(vars.RESEED_SUBREQUESTS) !== undefined && { subrequests: positive(vars.RESEED_SUBREQUESTS)! }),
    ...(positive(vars.RESEED_BYTES_PER_RUN) !== undefined && { bytesPerRun: positive(vars.RESEED_BYTES_PER_RUN)! }),
    ...(settle !== undefined && { kvSettleMs: settle * 1000 }),
    ...overrides,
  };
}

/** Subrequests kept back for the closing record. */
export const CLOSING_SUBREQUESTS = 1;

/**
 * The share of `bytesPerRun` the first run in a fresh isolate reads. That run compiles the reseed's
 * code as it goes: measured in Node (`npm run bench:limits`), ~7 ms of CPU before the bytes
 * count, where a warm run moves 256 KB in 2–3 ms; a cold run at the full budget took 12 ms.
 */
export const COLD_BYTES_SHARE = 0.25;

export class BudgetExceeded extends Error {}

/** Counts what one invocation spends; refuses to go over (a planning bug, not an outcome). */
export class Budget {
  subrequests = 0;
  d1Queries = 0;
  r2Reads = 0;
  kvWrites = 0;
  bytesRead = 0;
  /** Parts read (a run always takes one, whatever its size). */
  partsRead = 0;
  d1RowsWritten = 0;

  constructor(
    readonly limits: Limits,
    /** Bytes this run may read: `limits.bytesPerRun`, less on a cold isolate's first run. */
    readonly bytesPerRun = limits.bytesPerRun,
  ) {}

  /** Subrequests left for work (the closing record's share kept back). */
  get left(): number {
    return this.limits.subrequests - CLOSING_SUBREQUESTS - this.subrequests;
  }
  get bytesLeft(): number {
    return this.bytesPerRun - this.bytesRead;
  }

  spend(n: number, what: string, closing = false): void {
    const left = closing ? this.left + CLOSING_SUBREQUESTS : this.left;
    if (n > left) throw new BudgetExceeded(`subrequest budget: ${what} needs ${n}, ${left} left`);
    this.subrequests += n;
  }

  /** Runs statements as one D1 batch (one transaction, one subrequest); tallies rows written. */
  async batch<T = Record<string, unknown>>(db: D1Database, statements: D1PreparedStatement[], closing = false): Promise<D1Result<T>[]> {
    if (statements.length === 0) return [];
    this.spend(1, "D1 batch", closing);
    this.d1Queries++;
    const results = await db.batch<T>(statements);
    for (const r of results) this.d1RowsWritten += r.meta?.rows_written ?? 0;
    return results;
  }

  /** One read statement. */
  async first<T>(statement: D1PreparedStatement): Promise<T | null> {
    this.spend(1, "D1 read");
    this.d1Queries++;
    return statement.first<T>();
  }
}

/** What the reseed has written today (UTC), against the daily limits. */
export class DailyQuota {
  constructor(
    readonly day: string,
    public d1Rows: number,
    public kvWrites: number,
    readonly limits: Limits,
  ) {}

  static today(now: number, saved: { day: string | null; d1Rows: number; kvWrites: number }, limits: Limits): DailyQuota {
    const day = new Date(now).toISOString().slice(0, 10);
    return saved.day === day ? new DailyQuota(day, saved.d1Rows, saved.kvWrites, limits) : new DailyQuota(day, 0, 0, limits);
  }

  fitsD1(rows: number): boolean {
    return this.d1Rows + rows <= this.limits.d1RowsPerDay;
  }
  get kvLeft(): number {
    return Math.max(0, this.limits.kvWritesPerDay - this.kvWrites);
  }
}
