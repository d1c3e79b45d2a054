-- Scheduled reseeding (src/reseed/): what the live tables hold, and a reseed in progress.
--
-- One row. active_* change in the same transaction as the data (the "switch"), so they always
-- describe what readers see; active_manifest is the bundle manifest (per-table part hashes)
-- the live rows came from, which is what a reseed diffs the next bundle against.
CREATE TABLE reseed_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  active_version  TEXT,
  active_manifest TEXT,    -- JSON BundleManifest (src/shared/bundle.ts), or NULL if unknown
  applied_at      TEXT,
  applied_by      TEXT,    -- 'reseed' | 'full-load' (scripts/load-local.ts)
  job             TEXT,    -- JSON: a reseed that needed more than one run, and where it stopped
  lease_owner     TEXT,    -- the run working now (cron and /admin/reseed must not overlap)
  lease_until     INTEGER, -- ms since epoch; a crashed run's lease expires
  last_attempt    TEXT     -- JSON: outcome and figures of the last run, for GET /version
);
INSERT INTO reseed_state (id) VALUES (1);

-- The diff of a reseed, staged in chunks (JSON arrays of keys to delete and rows to write) while
-- it is computed, invisible to readers; the switch applies all of it in one batch.
CREATE TABLE reseed_stage (
  seq  INTEGER PRIMARY KEY,
  job  TEXT NOT NULL,   -- target version: rows of an abandoned job are never applied
  tbl  TEXT NOT NULL,
  dels TEXT NOT NULL,   -- JSON [[key...], ...]: rows to delete (gone from the new version)
  puts TEXT NOT NULL    -- JSON [[value...], ...]: rows to insert or replace (new or changed)
);
