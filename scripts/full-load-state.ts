// SQL that records a full load (`npm run load`, scripts/load-local.ts) in the reseed state
// (migrations/0003_reseed.sql): this version is what the live tables hold, so the next
// `npm run publish` computes its delta from it. Loaded with the data, in the same file.
import fs from "node:fs";
import path from "node:path";
import { sqlLiteral } from "../etl/write/sql.ts";

export function fullLoadStateSql(seedDir: string, loadedAt = new Date().toISOString()): string {
  const seed = JSON.parse(fs.readFileSync(path.join(seedDir, "manifest.json"), "utf8")) as { version: string; counts: Record<string, number> };
  return (
    `UPDATE reseed_state SET active_version = ${sqlLiteral(seed.version)}, active_counts = ${sqlLiteral(JSON.stringify(seed.counts))}, ` +
    `applied_at = ${sqlLiteral(loadedAt)}, applied_by = 'full-load', job = NULL, lease_owner = NULL, lease_until = NULL WHERE id = 1;\n` +
    "DELETE FROM reseed_stage;\n"
  );
}
