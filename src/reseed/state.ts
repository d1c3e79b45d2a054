// The reseed's row in D1 (seed/migrations/0003_reseed.sql): the active bundle manifest, a job
// in progress, the lease that keeps two runs (cron and /admin/reseed) from overlapping, and
// the last attempt's outcome.
import type { BundleManifest } from "../shared/bundle.ts";
import type { Budget } from "./limits.ts";

export type Outcome = "applied" | "up_to_date" | "in_progress" | "rejected" | "failed" | "busy" | "no_bundle";

/** One run's figures: the structured log line, /admin/reseed's answer, GET /version's last_attempt. */
export interface ReseedReport {
  event: "reseed";
  trigger: string;
  outcome: Outcome;
  /** Version being applied (latest), and the version live when the run started. */
  version: string | null;
  from: string | null;
  /** Data rows this run deleted, inserted or replaced in the live tables (the switch). */
  rows_written: number;
  /** D1's own count of rows written by every statement of the run (staging, indexes, state). */
  d1_rows_written: number;
  d1_queries: number;
  r2_reads: number;
  keys_written: number;
  keys_deleted: number;
  /** Of a job spanning several runs: which run this is, and how many bucket diffs are staged. */
  runs: number;
  staged: { done: number; total: number };
  duration_ms: number;
  at: string;
  message?: string;
}

/** A reseed that is staged over more than one run. */
export interface Job {
  version: string;
  manifestSha: string;
  /** Live version it diffs against: if that changes (a full load), the job starts over. */
  base: string | null;
  startedAt: string;
  runs: number;
  /** Bucket diffs (plan slots) already staged. */
  cursor: number;
  /** Tables with staged deletions / rows, which the switch must touch. */
  tables: Record<string, { dels: boolean; puts: boolean }>;
  rowsStaged: number;
  /** KV shards of the new version are written (done once staging is complete). */
  kvDone: boolean;
  keysWritten: number;
}

export interface ReseedState {
  liveVersion: string | null;
  /** The manifest the live rows came from; null when unknown (loaded some other way). */
  active: BundleManifest | null;
  appliedAt: string | null;
  job: Job | null;
}

interface StateRow {
  live_version: string | null; active_version: string | null; active_manifest: string | null;
  applied_at: string | null; job: string | null;
}

const parse = <T>(json: string | null): T | null => (json ? (JSON.parse(json) as T) : null);

/**
 * Takes the lease and reads the state in one statement. Null if another run holds the lease.
 * dataset_meta's version is what readers see; the stored manifest counts only if it matches.
 */
export async function acquireLease(db: D1Database, budget: Budget, owner: string, now: number, leaseMs: number): Promise<ReseedState | null> {
  const [res] = await budget.batch<StateRow>(db, [db.prepare(
    `UPDATE reseed_state SET lease_owner = ?1, lease_until = ?2
     WHERE id = 1 AND (lease_until IS NULL OR lease_until < ?3)
     RETURNING active_version, active_manifest, applied_at, job,
       (SELECT value FROM dataset_meta WHERE key = 'version') AS live_version`,
  ).bind(owner, now + leaseMs, now)]);
  const row = res?.results[0];
  if (!row) return null;
  const manifest = row.active_version !== null && row.active_version === row.live_version ? parse<BundleManifest>(row.active_manifest) : null;
  return { liveVersion: row.live_version, active: manifest, appliedAt: row.applied_at, job: parse<Job>(row.job) };
}

/** Saves a job's progress, in the same batch as the stage rows it describes. */
export function saveJob(db: D1Database, owner: string, job: Job | null): D1PreparedStatement {
  return db.prepare("UPDATE reseed_state SET job = ?1 WHERE id = 1 AND lease_owner = ?2").bind(job && JSON.stringify(job), owner);
}

/** Marks a manifest active: part of the switch batch, so it changes exactly when the data does. */
export function activate(db: D1Database, owner: string, manifest: BundleManifest, appliedAt: string): D1PreparedStatement {
  return db.prepare(
    `UPDATE reseed_state SET active_version = ?1, active_manifest = ?2, applied_at = ?3, applied_by = 'reseed', job = NULL
     WHERE id = 1 AND lease_owner = ?4`,
  ).bind(manifest.version, JSON.stringify(manifest), appliedAt, owner);
}

/** Closes a run: its report as the last attempt, the job left for the next run, lease released. */
export function closeRun(db: D1Database, owner: string, report: ReseedReport, job: Job | null): D1PreparedStatement {
  return db.prepare(
    "UPDATE reseed_state SET last_attempt = ?1, job = ?2, lease_owner = NULL, lease_until = NULL WHERE id = 1 AND lease_owner = ?3",
  ).bind(JSON.stringify(report), job && JSON.stringify(job), owner);
}

export const clearStage = (db: D1Database) => db.prepare("DELETE FROM reseed_stage");

/** What GET /version shows: one read, no lease. */
export interface VersionInfo {
  live_version: string | null; built_at: string | null; movies: string | null; applied_at: string | null;
  applied_by: string | null; counts: string | null; job: string | null; last_attempt: string | null;
}
export function readVersionInfo(db: D1Database): Promise<VersionInfo | null> {
  return db.prepare(
    `SELECT (SELECT value FROM dataset_meta WHERE key = 'version') AS live_version,
       (SELECT value FROM dataset_meta WHERE key = 'built_at') AS built_at,
       (SELECT value FROM dataset_meta WHERE key = 'movies') AS movies,
       CASE WHEN active_version = (SELECT value FROM dataset_meta WHERE key = 'version') THEN applied_at END AS applied_at,
       CASE WHEN active_version = (SELECT value FROM dataset_meta WHERE key = 'version') THEN applied_by END AS applied_by,
       CASE WHEN active_version = (SELECT value FROM dataset_meta WHERE key = 'version') THEN json_extract(active_manifest, '$.counts') END AS counts,
       job, last_attempt
     FROM reseed_state WHERE id = 1`,
  ).first<VersionInfo>();
}
