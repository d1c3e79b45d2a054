-- Scheduled reseeding (src/reseed/): which version the live tables hold, a load or delta in
-- progress, and what the reseed has written today.
--
-- One row. active_* change in the same transaction as the data (the "switch"), so they always
-- describe what readers see. A job's progress is saved in the same batch as the rows it
-- describes, so a run that dies loses nothing and the next run continues.
CREATE TABLE reseed_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  active_version  TEXT,
  active_counts   TEXT,    -- JSON: row counts of the live version (GET /version)
  applied_at      TEXT,
  applied_by      TEXT,    -- 'reseed' | 'full-load' (npm run load)
  job             TEXT,    -- JSON: a first load or a delta in progress, and where it stopped
  lease_owner     TEXT,    -- the run working now (cron and /admin/reseed must not overlap)
  lease_until     INTEGER, -- ms since epoch; a crashed run's lease expires
  quota_day       TEXT,    -- UTC day (YYYY-MM-DD) of the two counters below
  d1_rows_written INTEGER NOT NULL DEFAULT 0, -- D1 rows the reseed wrote that day (indexes, FTS included)
  kv_writes       INTEGER NOT NULL DEFAULT 0, -- KV puts and deletes that day
  retired_keys    TEXT,    -- JSON: KV keys only replaced versions used, deleted after a grace period
  retired_at      TEXT,
  last_attempt    TEXT     -- JSON: outcome and figures of the last run that did or found something
);
INSERT INTO reseed_state (id) VALUES (1);

-- The diff of a delta, staged in chunks (JSON arrays of keys to delete and rows to write, as
-- `npm run publish` prepared them) while it arrives, invisible to readers; the switch then
-- applies all of it in one batch.
CREATE TABLE reseed_stage (
  seq  INTEGER PRIMARY KEY,
  job  TEXT NOT NULL,   -- target version: rows of an abandoned job are never applied
  tbl  TEXT NOT NULL,
  dels TEXT NOT NULL,   -- JSON [[key...], ...]: rows to delete (gone from the new version)
  puts TEXT NOT NULL    -- JSON [[value...], ...]: rows to insert or replace (new or changed)
);
