// The SQL a reseed runs. Parts arrive as JSON text and are bound as one TEXT parameter:
// SQLite's json_each unpacks them, so the Worker never parses a row. TEXT, not a BLOB: the
// runtime's D1 binding sends parameters as JSON and turns a bound ArrayBuffer into an array of
// numbers first (workerd src/cloudflare/internal/d1-api.ts), ~60 ms of CPU per MB against ~3 ms
// for a string. A first load inserts table parts straight
// into the (empty) tables; a delta stages its parts in reseed_stage, readers never look there,
// and the switch then applies every table's staged rows with one DELETE and one INSERT OR
// REPLACE per table, all in one D1 batch: one transaction, so readers see the old version or
// the new one, never a mix.
import type { DeltaManifest } from "../shared/bundle.ts";

type TableShape = Pick<DeltaManifest["tables"][number], "name" | "columns" | "key">;

const ident = (name: string) => `"${name}"`;
/** The i-th cell of each JSON row array, as SQL values (json ->> keeps integer/real/text/null). */
const cells = (n: number) => Array.from({ length: n }, (_, i) => `j.value ->> ${i}`).join(", ");

/** A table part ({table, bucket, rows}) into its table. */
export function insertTablePart(db: D1Database, t: TableShape, part: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO ${ident(t.name)} (${t.columns.map(ident).join(", ")})
       SELECT ${cells(t.columns.length)} FROM json_each(?1, '$.rows') j`,
    )
    .bind(part);
}

/** Empties a table (a first load starts from nothing, whatever an abandoned one left). */
export const truncate = (db: D1Database, table: string) => db.prepare(`DELETE FROM ${ident(table)}`);

/** A delta part ([[table, dels, puts], ...]) into reseed_stage, one row per triple. */
export function stagePart(db: D1Database, version: string, part: string): D1PreparedStatement {
  return db
    .prepare("INSERT INTO reseed_stage (job, tbl, dels, puts) SELECT ?1, j.value ->> 0, j.value -> 1, j.value -> 2 FROM json_each(?2) j")
    .bind(version, part);
}

function deleteStaged(db: D1Database, t: TableShape, version: string): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM ${ident(t.name)} WHERE (${t.key.map(ident).join(", ")}) IN
       (SELECT ${cells(t.key.length)} FROM reseed_stage s, json_each(s.dels) j WHERE s.job = ?1 AND s.tbl = ?2)`,
    )
    .bind(version, t.name);
}

function insertStaged(db: D1Database, t: TableShape, version: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR REPLACE INTO ${ident(t.name)} (${t.columns.map(ident).join(", ")})
       SELECT ${cells(t.columns.length)} FROM reseed_stage s, json_each(s.puts) j WHERE s.job = ?1 AND s.tbl = ?2
       ORDER BY s.seq, j.key`,
    )
    .bind(version, t.name);
}

/**
 * The data statements of a delta's switch, for tables in dependency order: deletions
 * children-first, writes parents-first, and foreign keys checked at commit (rows are replaced
 * in place).
 */
export function switchStatements(db: D1Database, delta: DeltaManifest): D1PreparedStatement[] {
  const out = [db.prepare("PRAGMA defer_foreign_keys = on")];
  for (const t of [...delta.tables].reverse()) if (t.dels) out.push(deleteStaged(db, t, delta.to));
  for (const t of delta.tables) if (t.puts) out.push(insertStaged(db, t, delta.to));
  return out;
}
