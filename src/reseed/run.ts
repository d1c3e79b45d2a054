// One reseed run, as the cron trigger and POST /admin/reseed start it:
//
//   lease     take the lease and read the state (one statement)
//   manifest  read `latest` and its manifest from R2; stop if that version is already live
//   stage     diff every part whose hash changed, row by row, and stage the diff in D1
//   kv        write the KV shards the new version adds (content addressed: old ones stay)
//   switch    apply the staged diff to every table and mark the version active: ONE batch
//   gc        delete KV shards that neither the live nor the previous version uses
//
// Each step is safe to interrupt: before the switch nothing readers see has changed, the switch
// is one transaction, and progress (the job) is saved with the rows it describes, so the next
// run continues. A run that would exceed its budget saves its job and stops ("in_progress").
import { forgetActiveDataset } from "../db/dataset.ts";
import { kvKeysOf, type BundleManifest, type Cell } from "../shared/bundle.ts";
import { collectGarbage, missingKeys, writeCost, writeMissingShards } from "./kv.ts";
import { Budget, CLOSING_QUERIES, FREE_PLAN, type Limits } from "./limits.ts";
import { diffRows, liveRowsByBucket, planReseed, type Plan, type Slot } from "./plan.ts";
import { BundleRejected, readLatest, readManifest, readTablePart } from "./source.ts";
import { StageBuffer, switchStatements } from "./stage.ts";
import {
  acquireLease, activate, clearStage, closeRun, saveJob, type Job, type ReseedReport, type ReseedState,
} from "./state.ts";

export type Step = "lease" | "manifest" | "stage" | "kv" | "switch" | "gc";
export type ReseedEnv = Pick<Env, "DB" | "RECS" | "SEEDS">;

export interface ReseedOptions {
  trigger: "cron" | "admin" | "test";
  limits?: Partial<Limits>;
  /** Clock for leases and the GC grace period (tests move it). */
  now?: () => number;
  /** Called after each step; a throw there is a failure at exactly that point (tests). */
  afterStep?: (step: Step) => void | Promise<void>;
  /** Where the run's one structured log line goes (console.log). */
  log?: (line: string) => void;
}

export async function runReseed(env: ReseedEnv, opts: ReseedOptions): Promise<ReseedReport> {
  const report = await new ReseedRun(env, opts).execute();
  (opts.log ?? console.log)(JSON.stringify(report));
  return report;
}

class ReseedRun {
  private readonly limits: Limits;
  private readonly budget: Budget;
  private readonly owner = crypto.randomUUID();
  private readonly now: () => number;
  private readonly startedMs = Date.now();
  private readonly report: ReseedReport;
  private readonly buffer: StageBuffer;
  private leased = false;
  /** The job as saved in D1 (plus facts that hold whatever happens next, like KV keys written). */
  private job: Job | null = null;
  /** Slot index up to which the plan is diffed (staged, or pending in the buffer). */
  private pendingCursor = 0;
  private clearStageOnClose = false;

  constructor(private readonly env: ReseedEnv, private readonly opts: ReseedOptions) {
    this.limits = { ...FREE_PLAN, ...opts.limits };
    this.budget = new Budget(this.limits);
    this.buffer = new StageBuffer(this.limits.chunkBytes);
    this.now = opts.now ?? Date.now;
    this.report = {
      event: "reseed", trigger: opts.trigger, outcome: "failed", version: null, from: null,
      rows_written: 0, d1_rows_written: 0, d1_queries: 0, r2_reads: 0, keys_written: 0, keys_deleted: 0,
      runs: 0, staged: { done: 0, total: 0 }, duration_ms: 0, at: new Date(this.now()).toISOString(),
    };
  }

  async execute(): Promise<ReseedReport> {
    try {
      await this.work();
    } catch (err) {
      this.report.outcome = err instanceof BundleRejected ? "rejected" : "failed";
      this.report.message = err instanceof Error ? err.message : String(err);
      if (err instanceof BundleRejected) {
        // The bundle is bad: drop the job and what it staged, the active data was never touched.
        this.job = null;
        this.clearStageOnClose = true;
      }
    }
    this.tally(0);
    if (this.leased) await this.close();
    return this.report;
  }

  /** The run's figures so far; `closing` more statements are about to be sent. */
  private tally(closing: number) {
    const r = this.report;
    r.d1_queries = this.budget.d1Queries + closing;
    r.d1_rows_written = this.budget.d1RowsWritten;
    r.r2_reads = this.budget.r2Reads;
    r.duration_ms = Date.now() - this.startedMs;
  }

  private async step(name: Step) {
    await this.opts.afterStep?.(name);
  }

  private async work(): Promise<void> {
    const { DB, SEEDS } = this.env;
    const state = await acquireLease(DB, this.budget, this.owner, this.now(), this.limits.leaseMs);
    if (!state) {
      const rows = await this.budget.raw(DB.prepare("SELECT id FROM reseed_state WHERE id = 1"));
      if (!rows.length) throw new Error("reseed_state is missing: apply the D1 migrations (seed/migrations)");
      this.report.outcome = "busy";
      this.report.message = "another reseed holds the lease";
      return;
    }
    this.leased = true;
    this.job = state.job;
    this.report.from = state.liveVersion;
    await this.step("lease");

    const latest = await readLatest(SEEDS, this.budget);
    if (!latest || latest.version === state.liveVersion) {
      this.report.version = latest?.version ?? null;
      this.report.outcome = latest ? "up_to_date" : "no_bundle";
      if (this.job) this.abandonJob();
      await this.step("manifest");
      if (latest && state.active && this.due(state.appliedAt)) await this.gc(new Set(kvKeysOf(state.active)));
      return;
    }
    this.report.version = latest.version;
    const manifest = await readManifest(SEEDS, this.budget, latest);
    await this.step("manifest");

    const job = await this.jobFor(state, latest.version, latest.sha256);
    const plan = planReseed(state.liveVersion, state.active, manifest);
    this.pendingCursor = job.cursor;
    this.report.staged = { done: job.cursor, total: plan.slots.length };
    const staged = await this.stage(plan);
    await this.step("stage");
    if (!staged) return this.pause("staged part of the diff; the next run continues");

    const liveKeys = await this.liveKeys(state);
    if (!this.job!.kvDone) {
      const parts = missingKeys(manifest, liveKeys);
      if (writeCost(parts) > this.budget.opsLeft) return this.pause("KV writes left for the next run", true);
      const written = await writeMissingShards(SEEDS, this.env.RECS, this.budget, parts);
      this.job = { ...this.job!, kvDone: true, keysWritten: this.job!.keysWritten + written };
      this.report.keys_written = written;
    }
    await this.step("kv");

    // What a run that only switches pays besides the switch: the lease, the live keys, the close.
    const fixedCost = 1 + (state.active || state.liveVersion === null ? 0 : 1) + CLOSING_QUERIES;
    if (!(await this.switchTo(manifest, plan, fixedCost))) return this.pause("the switch needs a run of its own", true);
    await this.step("switch");
    // The replaced version's keys stay (readers may still hold it for a minute); older ones go.
    if (this.due(state.appliedAt)) await this.gc(new Set([...kvKeysOf(manifest), ...liveKeys]));
  }

  /** The job for this target: the saved one if it is for the same bundle and base, else a new one. */
  private async jobFor(state: ReseedState, version: string, manifestSha: string): Promise<Job> {
    const saved = this.job;
    let job: Job;
    if (saved && saved.version === version && saved.manifestSha === manifestSha && saved.base === state.liveVersion) {
      job = { ...saved, runs: saved.runs + 1 };
    } else {
      job = {
        version, manifestSha, base: state.liveVersion, startedAt: new Date(this.now()).toISOString(),
        runs: 1, cursor: 0, tables: {}, rowsStaged: 0, kvDone: false, keysWritten: 0,
      };
      // Rows staged for another bundle (or another base) must never reach a switch.
      if (saved) await this.budget.batch(this.env.DB, [clearStage(this.env.DB), saveJob(this.env.DB, this.owner, job)]);
    }
    this.job = job;
    this.report.runs = job.runs;
    return job;
  }

  /** Diffs the plan's slots from the job's cursor on; false if the run's budget ran out first. */
  private async stage(plan: Plan): Promise<boolean> {
    const live = new Map<string, Map<number, Cell[][]>>();
    const start = this.job!.cursor;
    let stagedBytes = 0;
    for (let i = start; i < plan.slots.length; i++) {
      const slot = plan.slots[i]!;
      const needsRead = slot.old.from === "d1" && !live.has(slot.table.name);
      // Enough left to read this slot, write it and what is pending, and save the job.
      const fits = this.budget.opsLeft >= 2 && this.budget.d1Left >= (needsRead ? 1 : 0) + this.buffer.statementCount + 3;
      if (!fits || stagedBytes >= this.limits.stageBytesPerRun) {
        await this.flush(i);
        return false;
      }
      const oldRows = await this.oldRows(slot, live);
      const newRows = await readTablePart(this.env.SEEDS, this.budget, slot.table.parts[slot.bucket]!, {
        table: slot.table.name, bucket: slot.bucket, width: slot.table.columns.length,
      });
      const before = this.buffer.bytes;
      this.buffer.add(slot.table.name, diffRows(slot.table, oldRows, newRows));
      stagedBytes += this.buffer.bytes - before;
      this.report.staged.done = i + 1;
      if (this.buffer.bytes >= this.limits.flushBytes) await this.flush(i + 1);
    }
    // What is still pending goes into the switch batch itself.
    this.pendingCursor = plan.slots.length;
    return true;
  }

  /** The rows a slot's bucket held in the live version. */
  private async oldRows(slot: Slot, live: Map<string, Map<number, Cell[][]>>): Promise<Cell[][]> {
    if (slot.old.from === "none") return [];
    if (slot.old.from === "part") {
      try {
        return await readTablePart(this.env.SEEDS, this.budget, slot.old.sha256, {
          table: slot.table.name, bucket: slot.bucket, width: slot.table.columns.length,
        });
      } catch (err) {
        // The active bundle's part is gone or damaged: the live table itself says what it holds.
        if (!(err instanceof BundleRejected)) throw err;
      }
    }
    let byBucket = live.get(slot.table.name);
    if (!byBucket) live.set(slot.table.name, (byBucket = await liveRowsByBucket(this.env.DB, this.budget, slot.table)));
    return byBucket.get(slot.bucket) ?? [];
  }

  /** Writes the pending chunks and the job's new cursor in one batch (both or neither). */
  private async flush(cursor: number): Promise<void> {
    const job = this.buffer.mergedInto(this.job!, cursor);
    if (this.buffer.empty && job.cursor === this.job!.cursor) return;
    await this.budget.batch(this.env.DB, [...this.buffer.statements(this.env.DB, job.version), saveJob(this.env.DB, this.owner, job)]);
    this.buffer.clear();
    this.job = job;
  }

  /** The KV keys the live version uses: from its manifest, else from D1's rec_shards. */
  private async liveKeys(state: ReseedState): Promise<Set<string>> {
    if (state.active) return new Set(kvKeysOf(state.active));
    if (state.liveVersion === null) return new Set();
    const rows = await this.budget.raw<[string]>(this.env.DB.prepare("SELECT kv_key FROM rec_shards"));
    return new Set(rows.map((r) => r[0]));
  }

  /** The switch: pending chunks, every table's staged rows, the new active manifest. One batch. */
  private async switchTo(manifest: BundleManifest, plan: Plan, fixedCost: number): Promise<boolean> {
    const { DB } = this.env;
    const job = this.buffer.mergedInto(this.job!, this.pendingCursor);
    const data = switchStatements(DB, manifest.tables, job, plan.truncate);
    const statements = [
      ...this.buffer.statements(DB, job.version), ...data,
      activate(DB, this.owner, manifest, new Date(this.now()).toISOString()), clearStage(DB),
    ];
    if (statements.length > this.budget.d1Left) {
      const alone = data.length + 2;
      if (alone + fixedCost > this.limits.d1Queries) {
        throw new Error(`the switch needs ${alone} statements, more than one run may make (${this.limits.d1Queries} queries)`);
      }
      await this.flush(this.pendingCursor);
      return false;
    }
    await this.budget.batch(DB, statements);
    this.buffer.clear();
    this.job = null;
    this.report.outcome = "applied";
    this.report.rows_written = job.rowsStaged;
    forgetActiveDataset(); // this isolate serves the new version at once; others within a minute
    return true;
  }

  private async gc(keep: Set<string>): Promise<void> {
    this.report.keys_deleted = await collectGarbage(this.env.RECS, this.budget, keep);
    await this.step("gc");
  }

  /** GC after an up-to-date run only once readers cannot hold the replaced version any more. */
  private due(appliedAt: string | null): boolean {
    return !appliedAt || this.now() - Date.parse(appliedAt) >= this.limits.gcGraceMs;
  }

  private abandonJob() {
    this.job = null;
    this.clearStageOnClose = true;
  }

  private async pause(message: string, flushFirst = false): Promise<void> {
    if (flushFirst) await this.flush(this.pendingCursor);
    this.report.outcome = "in_progress";
    this.report.message = message;
  }

  /** Records the outcome and releases the lease; best effort (an expired lease frees it anyway). */
  private async close(): Promise<void> {
    const { DB } = this.env;
    const statements = [closeRun(DB, this.owner, this.report, this.job)];
    if (this.clearStageOnClose) statements.push(clearStage(DB));
    try {
      this.tally(statements.length); // the record holds everything but its own write
      await this.budget.batch(DB, statements, true);
      this.tally(0);
    } catch (err) {
      console.error(JSON.stringify({ event: "reseed_close_failed", error: String(err) }));
    }
  }
}
