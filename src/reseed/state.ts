// The reseed's row in D1 (migrations/0003_reseed.sql): the live version, the job in
// progress, the lease that keeps two runs (cron and /admin/reseed) from overlapping, today's
// write counters, and the KV keys waiting to be deleted.
import type { DailyQuota } from "./limits.ts";
import type { AppliedBy, ReseedReport } from "./report.ts";

interface JobBase {
  /** Target version and its manifest (R2 key + sha256, from `latest`). */
  version: string;
  manifestKey: string;
  manifestSha: string;
  startedAt: string;
  runs: number;
  /** Parts applied (table parts of a first load, stage parts of a delta), of `partsTotal`. */
  parts: number;
  partsTotal: number;
  /** KV: the next KV part, keys of it already written, keys written in all, of `kvTotal`. */
  kvPart: number;
  kvInPart: number;
  kvDone: number;
  kvTotal: number;
  /** When the last KV key was written: the switch waits for it to settle everywhere. */
  kvWrittenAt: number | null;
  /** The UTC day whose write quota stopped the job: runs that day wait without writing anything. */
  blockedDay: string | null;
}

/** A first load into an empty database: table parts straight into the tables, then the switch. */
export interface FirstLoadJob extends JobBase {
  kind: "first_load";
  /** Position in the manifest: table index and its next part. */
  table: number;
  part: number;
  /** Per table: rows loaded and D1 rows written so far (to estimate the next part's writes). */
  written: Record<string, [rows: number, written: number]>;
}

/** A delta from the live version: stage parts into reseed_stage, KV keys, then one switch batch. */
export interface DeltaJob extends JobBase {
  kind: "delta";
  from: string;
  deltaKey: string;
  deltaSha: string;
}

export type Job = FirstLoadJob | DeltaJob;

export interface ReseedState {
  liveVersion: string | null;
  appliedAt: string | null;
  job: Job | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  quota: { day: string | null; d1Rows: number; kvWrites: number };
  retired: { keys: string[]; at: string | null };
  lastOutcome: string | null;
}

interface StateRow {
  live_version: string | null;
  applied_at: string | null;
  job: string | null;
  lease_owner: string | null;
  lease_until: number | null;
  quota_day: string | null;
  d1_rows_written: number;
  kv_writes: number;
  retired_keys: string | null;
  retired_at: string | null;
  last_outcome: string | null;
}

const parse = <T>(json: string | null | undefined): T | null => (json ? (JSON.parse(json) as T) : null);

/** dataset_meta's version is what readers see. */
const LIVE_VERSION = "(SELECT value FROM dataset_meta WHERE key = 'version')";

/** The state, read without writing anything (an idle cron run writes nothing). */
export function readStateStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(
    `SELECT ${LIVE_VERSION} AS live_version, applied_at, job, lease_owner, lease_until, quota_day, d1_rows_written, kv_writes,
       retired_keys, retired_at, json_extract(last_attempt, '$.outcome') || ':' || coalesce(json_extract(last_attempt, '$.version'), '') AS last_outcome
     FROM reseed_state WHERE id = 1`,
  );
}

export function toState(row: StateRow): ReseedState {
  return {
    liveVersion: row.live_version,
    appliedAt: row.applied_at,
    job: parse<Job>(row.job),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    quota: { day: row.quota_day, d1Rows: row.d1_rows_written, kvWrites: row.kv_writes },
    retired: { keys: parse<string[]>(row.retired_keys) ?? [], at: row.retired_at },
    lastOutcome: row.last_outcome,
  };
}
export type { StateRow };

/** Takes the lease if it is free (or expired); `changes` = 1 when taken. */
export function takeLease(db: D1Database, owner: string, now: number, leaseMs: number): D1PreparedStatement {
  return db
    .prepare("UPDATE reseed_state SET lease_owner = ?1, lease_until = ?2 WHERE id = 1 AND (lease_until IS NULL OR lease_until < ?3)")
    .bind(owner, now + leaseMs, now);
}

/** A job's progress and today's counters, saved in the same batch as the work they describe. */
export function saveProgress(db: D1Database, owner: string, job: Job | null, quota: DailyQuota): D1PreparedStatement {
  return db
    .prepare("UPDATE reseed_state SET job = ?1, quota_day = ?2, d1_rows_written = ?3, kv_writes = ?4 WHERE id = 1 AND lease_owner = ?5")
    .bind(job && JSON.stringify(job), quota.day, quota.d1Rows, quota.kvWrites, owner);
}

/** Marks a version live: part of the switch batch, so it changes exactly when the data does. */
export function activate(
  db: D1Database,
  owner: string,
  version: string,
  counts: Record<string, number>,
  appliedAt: string,
  retired: ReseedState["retired"],
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE reseed_state SET active_version = ?1, active_counts = ?2, applied_at = ?3, applied_by = 'reseed', job = NULL,
       retired_keys = ?4, retired_at = ?5 WHERE id = 1 AND lease_owner = ?6`,
    )
    .bind(version, JSON.stringify(counts), appliedAt, JSON.stringify(retired.keys), retired.at, owner);
}

/** Closes a run: its report as the last attempt, the job and counters as they stand, lease released. */
export function closeRun(
  db: D1Database,
  owner: string,
  report: ReseedReport | null,
  job: Job | null,
  quota: DailyQuota,
  retired: ReseedState["retired"],
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE reseed_state SET last_attempt = coalesce(?1, last_attempt), job = ?2, quota_day = ?3, d1_rows_written = ?4, kv_writes = ?5,
       retired_keys = ?6, retired_at = ?7, lease_owner = NULL, lease_until = NULL WHERE id = 1 AND lease_owner = ?8`,
    )
    .bind(
      report && JSON.stringify(report),
      job && JSON.stringify(job),
      quota.day,
      quota.d1Rows,
      quota.kvWrites,
      retired.keys.length ? JSON.stringify(retired.keys) : null,
      retired.keys.length ? retired.at : null,
      owner,
    );
}

export const clearStage = (db: D1Database) => db.prepare("DELETE FROM reseed_stage");

/** What GET /version shows: one read, no lease. */
export interface VersionInfo {
  live_version: string | null;
  built_at: string | null;
  movies: string | null;
  applied_at: string | null;
  applied_by: AppliedBy | null;
  counts: string | null;
  job: string | null;
  last_attempt: string | null;
  quota_day: string | null;
  d1_rows_written: number;
  kv_writes: number;
}
export function readVersionInfo(db: D1Database): Promise<VersionInfo | null> {
  const live = `active_version = ${LIVE_VERSION}`;
  return db
    .prepare(
      `SELECT ${LIVE_VERSION} AS live_version,
       (SELECT value FROM dataset_meta WHERE key = 'built_at') AS built_at,
       (SELECT value FROM dataset_meta WHERE key = 'movies') AS movies,
       CASE WHEN ${live} THEN applied_at END AS applied_at,
       CASE WHEN ${live} THEN applied_by END AS applied_by,
       CASE WHEN ${live} THEN active_counts END AS counts,
       job, last_attempt, quota_day, d1_rows_written, kv_writes
     FROM reseed_state WHERE id = 1`,
    )
    .first<VersionInfo>();
}
