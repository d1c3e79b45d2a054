// One reseed run, as the cron trigger (every minute) and POST /admin/reseed start it. It does
// what fits in one Free-plan invocation (10 ms of CPU, 50 subrequests) and the day's write
// quota, saves where it stopped, and the next run continues:
//
//   check     read the state and `latest` (an idle run stops here, having written nothing)
//   lease     one run at a time
//   first load (nothing live yet): table parts straight into the empty tables, then KV keys,
//             then — once the keys have settled — dataset_meta and the state: the switch
//             (each run reads the manifest's head and only the part lists holding the parts
//             it applies: src/shared/bundle.ts)
//   delta     (a version is live): stage the delta's parts, write the new KV keys, wait for them
//             to settle everywhere, then apply everything in ONE batch: the switch
//   gc        later runs delete KV keys only replaced versions used
//
// Every step saves its progress in the same batch as the rows it writes, so a run that dies
// (CPU limit, crash) loses nothing; readers see the old version or the new one, never a mix.
import { forgetActiveDataset } from "../db/dataset.ts";
import { type DeltaManifest, type KvPartRef, type LatestPointer, type ListRef, type ManifestHead, partStarts } from "../shared/bundle.ts";
import { shardMapFrom } from "../shared/dataset-meta.ts";
import { collectGarbage, writeKeys } from "./kv.ts";
import { Budget, COLD_BYTES_SHARE, DailyQuota, type Limits, type LimitVars, limitsFrom } from "./limits.ts";
import { emptyReport, type ReseedReport } from "./report.ts";
import { BundleRejected, keyList, kvPartRefList, type PartList, partRefList, readDelta, readLatest, readManifest, readPartText } from "./source.ts";
import { insertTablePart, stagePart, switchStatements, truncate } from "./stage.ts";
import {
  activate,
  clearStage,
  closeRun,
  type DeltaJob,
  type FirstLoadJob,
  type Job,
  type ReseedState,
  readStateStatement,
  type StateRow,
  saveProgress,
  takeLease,
  toState,
} from "./state.ts";

export type Step = "lease" | "parts" | "kv" | "switch" | "gc";
export type ReseedEnv = Pick<Env, "DB" | "RECS" | "SEEDS"> & LimitVars;

export interface ReseedOptions {
  trigger: "cron" | "admin" | "test";
  limits?: Partial<Limits>;
  /** Clock for leases, KV settling, the quota day and the GC grace period (tests move it). */
  now?: () => number;
  /** Called after each step; a throw there is a failure at exactly that point (tests). */
  afterStep?: (step: Step) => void | Promise<void>;
  /** Where the run's one structured log line goes (console.log). */
  log?: (line: string) => void;
  /** Whether this is the isolate's first run (its code not compiled yet); by default, counted per isolate. */
  cold?: boolean;
}

/** Reseed runs this isolate has started: only the first is cold (COLD_BYTES_SHARE). */
let isolateRuns = 0;

/** Counts this isolate as fresh again (`npm run bench:limits` replays a job's runs twice on one instance). */
export function forgetReseedRuns(): void {
  isolateRuns = 0;
}

export async function runReseed(env: ReseedEnv, opts: ReseedOptions): Promise<ReseedReport> {
  const report = await new ReseedRun(env, opts).execute();
  (opts.log ?? console.log)(JSON.stringify(report));
  return report;
}

/** D1 rows one data row costs to write, before a table's own figures are known (indexes, FTS). */
const WRITE_FACTOR = { table: 4, search: 12 };
const writeFactor = (table: string, seen?: [number, number]) =>
  seen && seen[0] > 0 ? Math.max(1, seen[1] / seen[0]) : table.startsWith("search_") ? WRITE_FACTOR.search : WRITE_FACTOR.table;

class ReseedRun {
  private readonly limits: Limits;
  private readonly budget: Budget;
  private readonly owner = crypto.randomUUID();
  private readonly now: () => number;
  private readonly startedMs = Date.now();
  private readonly report: ReseedReport;
  private state!: ReseedState;
  private quota!: DailyQuota;
  /** The job as it stands (null once applied), and the one this run worked on (for the report). */
  private job: Job | null = null;
  private worked: Job | null = null;
  private leased = false;
  /** Whether the closing record should replace last_attempt (not for a repeat of the same finding). */
  private record = true;
  /** The head of the run's one job (its manifest or its delta), once read. */
  private head?: Promise<ManifestHead | DeltaManifest>;

  constructor(
    private readonly env: ReseedEnv,
    private readonly opts: ReseedOptions,
  ) {
    this.limits = limitsFrom(env, opts.limits);
    const cold = opts.cold ?? isolateRuns === 0;
    isolateRuns++;
    this.budget = new Budget(this.limits, cold ? Math.floor(this.limits.bytesPerRun * COLD_BYTES_SHARE) : this.limits.bytesPerRun);
    this.now = opts.now ?? Date.now;
    this.report = emptyReport(opts.trigger, new Date(this.now()).toISOString());
  }

  async execute(): Promise<ReseedReport> {
    try {
      await this.work();
    } catch (err) {
      this.report.outcome = err instanceof BundleRejected ? "rejected" : "failed";
      this.report.message = err instanceof Error ? err.message : String(err);
      // A bad bundle: drop the job (a new first load starts from empty tables, a delta's stage
      // is cleared when the next one starts); the live data was never touched.
      if (err instanceof BundleRejected) this.job = null;
    }
    this.tally();
    if (this.leased) await this.close();
    return this.report;
  }

  private tally() {
    const r = this.report;
    const b = this.budget;
    Object.assign(r, {
      d1_rows_written: b.d1RowsWritten,
      d1_queries: b.d1Queries,
      subrequests: b.subrequests,
      r2_reads: b.r2Reads,
      bytes_read: b.bytesRead,
      duration_ms: Date.now() - this.startedMs,
    });
    const job = this.worked;
    if (job) {
      Object.assign(r, { job: job.kind, runs: job.runs, parts: { done: job.parts, total: job.partsTotal }, kv: { done: job.kvDone, total: job.kvTotal } });
    }
  }

  private async step(name: Step) {
    await this.opts.afterStep?.(name);
  }

  private async work(): Promise<void> {
    const { DB, SEEDS } = this.env;
    const row = await this.budget.first<StateRow>(readStateStatement(DB));
    if (!row) throw new Error("reseed_state is missing: apply the D1 migrations (migrations)");
    this.state = toState(row);
    this.quota = DailyQuota.today(this.now(), this.state.quota, this.limits);
    this.report.from = this.state.liveVersion;
    if (this.state.leaseOwner && (this.state.leaseUntil ?? 0) >= this.now()) {
      this.report.outcome = "busy";
      this.report.message = "another reseed holds the lease";
      return;
    }
    const latest = await readLatest(SEEDS, this.budget);
    this.report.version = latest?.version ?? null;
    let job = this.state.job;
    // A delta job whose target was replaced by a newer bundle reachable from the live version
    // is dropped (its stage is cleared when the new one starts). A first load always finishes:
    // the delta from its version to the newest one follows.
    if (job?.kind === "delta" && latest && job.version !== latest.version && latest.deltas[job.from]) job = null;
    this.job = job;

    if (!job) {
      if (!latest) return this.idle("no_bundle", "nothing has been published yet (npm run publish)");
      if (latest.version === this.state.liveVersion) return this.upToDate();
      if (this.state.liveVersion !== null && !latest.deltas[this.state.liveVersion]) {
        return this.idle("no_delta", `no delta from the live version ${this.state.liveVersion} to ${latest.version} was published: run npm run publish again`);
      }
    } else if (this.waitingWithoutWork(job)) {
      return;
    }

    if (!(await this.lease())) return;
    if (!job) job = this.job = await this.newJob(latest!);
    this.worked = job;
    job.runs++;
    this.report.version = job.version;
    if (job.kind === "first_load") await this.firstLoad(job);
    else await this.applyDelta(job);
  }

  /** A finding that needs no work; recorded as the last attempt only when it changes. */
  private async idle(outcome: "no_bundle" | "no_delta", message: string): Promise<void> {
    this.report.outcome = outcome;
    this.report.message = message;
    if (this.state.lastOutcome !== `${outcome}:${this.report.version ?? ""}`) await this.lease();
  }

  /** Up to date: delete retired KV keys once their grace period is over, else do nothing at all. */
  private async upToDate(): Promise<void> {
    this.report.outcome = "up_to_date";
    this.record = false;
    const { keys, at } = this.state.retired;
    const due = keys.length > 0 && at !== null && this.now() - Date.parse(at) >= this.limits.gcGraceMs && this.quota.kvLeft > 0;
    if (!due || !(await this.lease())) return;
    const rows = await this.budget.first<{ m: string }>(
      this.env.DB.prepare("SELECT json_group_object(key, value) AS m FROM dataset_meta WHERE key LIKE 'rec_shards%'"),
    );
    const map = shardMapFrom(JSON.parse(rows?.m ?? "{}") as Record<string, string>);
    const { deleted, left } = await collectGarbage(this.env.RECS, this.budget, this.quota, keys, map);
    this.state.retired = { keys: left, at };
    this.report.keys_deleted = deleted;
    await this.step("gc");
  }

  /** A job that can do nothing now (KV settling, today's quota spent) waits without a write. */
  private waitingWithoutWork(job: Job): boolean {
    const settling = job.kvDone === job.kvTotal && job.kvWrittenAt !== null && this.now() - job.kvWrittenAt < this.limits.kvSettleMs;
    const spent = job.blockedDay === this.quota.day;
    if (!settling && !spent) return false;
    this.report.outcome = "waiting";
    this.worked = job;
    this.report.message = settling
      ? `KV keys written at ${new Date(job.kvWrittenAt!).toISOString()} are settling; the switch follows after ${this.limits.kvSettleMs / 1000} s`
      : "today's write quota is spent; the job continues after 00:00 UTC";
    this.job = job;
    return true;
  }

  private async lease(): Promise<boolean> {
    const [res] = await this.budget.batch(this.env.DB, [takeLease(this.env.DB, this.owner, this.now(), this.limits.leaseMs)]);
    if (res?.meta.changes !== 1) {
      this.report.outcome = "busy";
      this.report.message = "another reseed holds the lease";
      return false;
    }
    this.leased = true;
    await this.step("lease");
    return true;
  }

  /** The job's manifest head, read and checked once per run (a new job's first run uses it twice). */
  private manifestOf(job: Pick<Job, "manifestKey" | "manifestSha" | "version">): Promise<ManifestHead> {
    this.head ??= readManifest(this.env.SEEDS, this.budget, job.manifestKey, job.manifestSha, job.version);
    return this.head as Promise<ManifestHead>;
  }
  /** The job's delta, likewise. */
  private deltaOf(job: Pick<DeltaJob, "deltaKey" | "deltaSha" | "from" | "version">): Promise<DeltaManifest> {
    this.head ??= readDelta(this.env.SEEDS, this.budget, job.deltaKey, job.deltaSha, job.from, job.version);
    return this.head as Promise<DeltaManifest>;
  }

  private async newJob(latest: LatestPointer): Promise<Job> {
    const { DB } = this.env;
    const base = {
      version: latest.version,
      manifestKey: latest.manifest,
      manifestSha: latest.sha256,
      startedAt: new Date(this.now()).toISOString(),
      runs: 0,
      parts: 0,
      kvPart: 0,
      kvInPart: 0,
      kvDone: 0,
      kvWrittenAt: null,
      blockedDay: null,
    };
    const live = this.state.liveVersion;
    if (live === null) {
      const m = await this.manifestOf(base);
      const job: FirstLoadJob = {
        ...base,
        kind: "first_load",
        table: 0,
        part: 0,
        written: {},
        partsTotal: m.tables.reduce((n, t) => n + t.partCount, 0),
        kvTotal: m.kv.keys,
      };
      // Whatever an abandoned load left is removed; on an empty database this writes nothing.
      await this.budget.batch(DB, [...[...m.tables].reverse().map((t) => truncate(DB, t.name)), clearStage(DB), saveProgress(DB, this.owner, job, this.quota)]);
      return job;
    }
    const ref = latest.deltas[live]!;
    const d = await this.deltaOf({ ...base, from: live, deltaKey: ref.key, deltaSha: ref.sha256 });
    if (d.toManifest !== latest.sha256) throw new BundleRejected(`${ref.key} was computed for another manifest of ${latest.version}`, ref.key);
    const job: DeltaJob = {
      ...base,
      kind: "delta",
      from: live,
      deltaKey: ref.key,
      deltaSha: ref.sha256,
      partsTotal: entries(d.parts),
      kvTotal: d.kv.keys,
    };
    await this.budget.batch(DB, [clearStage(DB), saveProgress(DB, this.owner, job, this.quota)]);
    return job;
  }

  /**
   * Runs `statements` with the job's new position in one batch: both happen or neither. The
   * day's counter is saved with the estimate first (a run that dies after the batch then never
   * undercounts), and corrected to D1's own figure afterwards. Returns rows written per statement.
   */
  private async commit(statements: D1PreparedStatement[], estimate: number): Promise<number[]> {
    const { DB } = this.env;
    this.quota.d1Rows += estimate;
    const results = await this.budget.batch(DB, [...statements, saveProgress(DB, this.owner, this.job, this.quota)]);
    const written = results.map((r) => r.meta?.rows_written ?? 0);
    this.quota.d1Rows += written.reduce((a, b) => a + b, 0) - estimate;
    return written;
  }

  private async firstLoad(job: FirstLoadJob): Promise<void> {
    const { DB, SEEDS } = this.env;
    const m = await this.manifestOf(job);
    const parts = partRefList(SEEDS, this.budget, m.parts);
    const first = partStarts(m.tables);
    // Table parts, a group per batch; dataset_meta is left for the switch (it makes the version live).
    let stop: Stop = null;
    while (job.table < m.tables.length && !stop) {
      const statements: D1PreparedStatement[] = [];
      const loaded: { table: string; rows: number }[] = [];
      let estimate = 0;
      while (job.table < m.tables.length) {
        const t = m.tables[job.table]!;
        if (t.name === META_TABLE || job.part >= t.partCount) {
          job.table++;
          job.part = 0;
          continue;
        }
        const at = first[job.table]! + job.part;
        stop = this.stopForList(parts, at, statements.length);
        if (stop) break;
        const part = await parts.at(at);
        const cost = Math.ceil(part.rows * writeFactor(t.name, job.written[t.name]));
        stop = this.stopBefore(statements.length, part.bytes, estimate + cost);
        if (stop) break;
        statements.push(insertTablePart(DB, t, await readPartText(SEEDS, this.budget, part.sha256)));
        loaded.push({ table: t.name, rows: part.rows });
        estimate += cost;
        job.part++;
        job.parts++;
      }
      if (!statements.length) break;
      const written = await this.commit(statements, estimate);
      loaded.forEach((l, i) => {
        const seen = job.written[l.table] ?? [0, 0];
        job.written[l.table] = seen;
        seen[0] += l.rows;
        seen[1] += written[i] ?? 0;
        this.report.rows_written += l.rows;
      });
    }
    await this.step("parts");
    if (job.table < m.tables.length) return this.pause(stop === "quota");
    if (!(await this.writeKeys(job, kvPartRefList(SEEDS, this.budget, m.kv.parts))) || !this.settled(job)) return;

    const metaAt = m.tables.findIndex((t) => t.name === META_TABLE);
    if (metaAt < 0) throw new BundleRejected(`${job.manifestKey} has no ${META_TABLE} table`, job.manifestKey);
    const meta = m.tables[metaAt]!;
    const from = first[metaAt]!;
    if (this.budget.left < meta.partCount + parts.readsFor(from, from + meta.partCount) + 1) return this.pause();
    if (!this.quota.fitsD1(meta.rows * 2 + 2)) return this.pause(true);
    const metaParts = [];
    for (let i = from; i < from + meta.partCount; i++) {
      metaParts.push(insertTablePart(DB, meta, await readPartText(SEEDS, this.budget, (await parts.at(i)).sha256)));
    }
    this.job = null;
    await this.commit([...metaParts, this.activate(m.counts, [])], meta.rows * 2 + 2);
    await this.applied();
    this.report.rows_written += meta.rows;
  }

  private async applyDelta(job: DeltaJob): Promise<void> {
    const { DB, SEEDS } = this.env;
    const d = await this.deltaOf(job);
    const parts = partRefList(SEEDS, this.budget, d.parts);
    let stop: Stop = null;
    while (job.parts < parts.length && !stop) {
      const statements: D1PreparedStatement[] = [];
      let estimate = 0;
      while (job.parts < parts.length) {
        stop = this.stopForList(parts, job.parts, statements.length);
        if (stop) break;
        const part = await parts.at(job.parts);
        // Each staged triple is one reseed_stage row.
        const cost = Math.ceil(part.rows / 100) + 2;
        stop = this.stopBefore(statements.length, part.bytes, estimate + cost);
        if (stop) break;
        statements.push(stagePart(DB, job.version, await readPartText(SEEDS, this.budget, part.sha256)));
        estimate += cost;
        job.parts++;
      }
      if (!statements.length) break;
      await this.commit(statements, estimate);
    }
    await this.step("parts");
    if (job.parts < parts.length) return this.pause(stop === "quota");
    if (!(await this.writeKeys(job, kvPartRefList(SEEDS, this.budget, d.kv.parts))) || !this.settled(job)) return;

    // The switch writes every changed row with its indexes, and clears the stage.
    const estimate = Math.ceil(d.rows * WRITE_FACTOR.table) + parts.length + 2;
    if (estimate > this.limits.d1RowsPerDay) {
      throw new Error(
        `the delta writes about ${estimate} D1 rows in one transaction, more than the daily limit of ${this.limits.d1RowsPerDay}: ` +
          "raise RESEED_D1_ROWS_PER_DAY (Paid plan) or publish a smaller change",
      );
    }
    // The keys the delta retires are read here, once (one list), then the switch's one batch.
    const retiring = keyList(SEEDS, this.budget, d.kv.retire);
    if (this.budget.left < retiring.readsFor(0, retiring.length) + 1) return this.pause();
    if (!this.quota.fitsD1(estimate)) return this.pause(true);
    const retired = [...new Set([...this.state.retired.keys, ...(await retiring.all())])];
    this.job = null;
    await this.commit([...switchStatements(DB, d), this.activate(d.counts, retired), clearStage(DB)], estimate);
    await this.applied();
    this.report.rows_written += d.rows;
  }

  /** A part whose ref is in a list not at hand needs that list read first, and room after it for the part. */
  private stopForList<T>(list: PartList<T>, at: number, queued: number): Stop {
    return !list.has(at) && this.budget.left < queued + 3 ? "budget" : null;
  }

  /**
   * Why the next part cannot join this run: its read, the batch and the closing record must fit
   * the run's subrequests; its bytes the run's byte budget (a run always takes at least one part,
   * however large); its estimated rows the day's quota.
   */
  private stopBefore(queued: number, bytes: number, estimate: number): Stop {
    if (this.budget.left < queued + 2 || (bytes > this.budget.bytesLeft && this.budget.partsRead > 0)) return "budget";
    // A day's first part always goes: parts are small (~128 KB), and an estimate over the whole
    // day's quota must not stall the job for good.
    return this.quota.fitsD1(estimate) || (queued === 0 && this.quota.d1Rows === 0) ? null : "quota";
  }

  /** The job's KV keys, from where they stopped; true once all are written. */
  private async writeKeys(job: Job, parts: PartList<KvPartRef>): Promise<boolean> {
    const { SEEDS, RECS } = this.env;
    this.report.keys_written += await writeKeys(SEEDS, RECS, this.budget, this.quota, job, parts, this.now);
    await this.step("kv");
    if (job.kvDone >= job.kvTotal) return true;
    this.pause(this.quota.kvLeft === 0);
    return false;
  }

  /** Whether the job's KV keys have had time to reach every location; if not, the run waits. */
  private settled(job: Job): boolean {
    if (job.kvWrittenAt === null || this.now() - job.kvWrittenAt >= this.limits.kvSettleMs) return true;
    this.report.outcome = "waiting";
    this.report.message = `KV keys are settling; the switch follows after ${this.limits.kvSettleMs / 1000} s`;
    return false;
  }

  private activate(counts: Record<string, number>, retired: string[]) {
    const at = new Date(this.now()).toISOString();
    this.state.retired = { keys: retired, at };
    return activate(this.env.DB, this.owner, this.report.version!, counts, at, this.state.retired);
  }

  private async applied() {
    this.report.outcome = "applied";
    forgetActiveDataset(); // this isolate serves the new version at once; others within a minute
    await this.step("switch");
  }

  /**
   * Stops here; the next run continues. `blocked`: what stopped the run is the day's write quota
   * (not this run's budget), so runs until 00:00 UTC wait without writing anything.
   */
  private pause(blocked = false) {
    this.report.outcome = "in_progress";
    this.report.message ??= "this run's budget is spent; the next run continues";
    if (blocked && this.job) {
      this.job.blockedDay = this.quota.day;
      this.report.message = "today's write quota is spent; the job continues after 00:00 UTC";
    }
  }

  /** Records the outcome, the job and today's counters, and releases the lease; best effort. */
  private async close(): Promise<void> {
    const { DB } = this.env;
    try {
      this.tally();
      this.report.subrequests++; // the record holds everything but its own write
      this.quota.d1Rows += 1;
      await this.budget.batch(DB, [closeRun(DB, this.owner, this.record ? this.report : null, this.job, this.quota, this.state.retired)], true);
      this.tally();
    } catch (err) {
      console.error(JSON.stringify({ event: "reseed_close_failed", error: String(err) }));
    }
  }
}

const META_TABLE = "dataset_meta";

/** Entries a set of lists holds. */
const entries = (lists: ListRef[]) => lists.reduce((n, l) => n + l.count, 0);
type Stop = "budget" | "quota" | null;
