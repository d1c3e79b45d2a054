// The staged diff and the switch. Diffs are written to reseed_stage as JSON chunks (a few
// statements however many rows), readers never look there; the switch then applies every table's
// staged rows with one DELETE and one INSERT OR REPLACE per table, all in one D1 batch: one
// transaction, so readers see the old version or the new one, never a mix.
import type { BundleTable, Cell } from "../shared/bundle.ts";
import type { RowDiff } from "./plan.ts";
import type { Job } from "./state.ts";

type Triple = [tbl: string, dels: Cell[][], puts: Cell[][]];

/** UTF-8 length without encoding: D1 caps a bound value in bytes. */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // 2 bytes below U+0800, 3 above; a surrogate pair (2 code units) is 4.
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}

/** Diffs waiting to be written to reseed_stage, packed into statements of at most chunkBytes. */
export class StageBuffer {
  private groups: { triples: Triple[]; bytes: number }[] = [];
  bytes = 0;
  /** Deleted keys + written rows pending, and which tables they touch. */
  rows = 0;
  tables: Job["tables"] = {};

  constructor(private readonly chunkBytes: number) {}

  get empty(): boolean {
    return this.groups.length === 0;
  }
  /** Statements a write of the pending chunks takes. */
  get statementCount(): number {
    return this.groups.length;
  }

  add(table: string, diff: RowDiff): void {
    if (diff.dels.length + diff.puts.length === 0) return;
    const flags = (this.tables[table] ??= { dels: false, puts: false });
    flags.dels ||= diff.dels.length > 0;
    flags.puts ||= diff.puts.length > 0;
    this.rows += diff.dels.length + diff.puts.length;
    let triple: Triple | undefined;
    const push = (kind: 1 | 2, row: Cell[]) => {
      const size = utf8Length(JSON.stringify(row)) + 1;
      const group = this.groups.at(-1);
      if (!group || group.bytes + size > this.chunkBytes) {
        if (size + table.length + 16 > this.chunkBytes) throw new Error(`a row of ${table} is larger than a stage chunk`);
        this.groups.push({ triples: [], bytes: 0 });
        triple = undefined;
      }
      const current = this.groups.at(-1)!;
      if (!triple) {
        current.triples.push((triple = [table, [], []]));
        current.bytes += table.length + 16; // the triple's own brackets and quotes
      }
      triple[kind].push(row);
      current.bytes += size;
      this.bytes += size;
    };
    for (const key of diff.dels) push(1, key);
    for (const row of diff.puts) push(2, row);
  }

  /** One INSERT per chunk; json_each unpacks it into one reseed_stage row per table. */
  statements(db: D1Database, job: string): D1PreparedStatement[] {
    return this.groups.map((g) => db.prepare(
      "INSERT INTO reseed_stage (job, tbl, dels, puts) SELECT ?1, j.value ->> 0, j.value -> 1, j.value -> 2 FROM json_each(?2) j",
    ).bind(job, JSON.stringify(g.triples)));
  }

  /** The job as it stands once the pending chunks are written. */
  mergedInto(job: Job, cursor: number): Job {
    const tables = { ...job.tables };
    for (const [name, f] of Object.entries(this.tables)) {
      const before = tables[name];
      tables[name] = { dels: f.dels || (before?.dels ?? false), puts: f.puts || (before?.puts ?? false) };
    }
    return { ...job, cursor, tables, rowsStaged: job.rowsStaged + this.rows };
  }

  clear(): void {
    this.groups = [];
    this.bytes = 0;
    this.rows = 0;
    this.tables = {};
  }
}

const ident = (name: string) => `"${name}"`;
/** The i-th cell of each staged JSON array, as SQL values (json ->> keeps integer/real/text/null). */
const cells = (n: number) => Array.from({ length: n }, (_, i) => `j.value ->> ${i}`).join(", ");

function deleteStaged(db: D1Database, t: BundleTable, job: string): D1PreparedStatement {
  return db.prepare(
    `DELETE FROM ${ident(t.name)} WHERE (${t.key.map(ident).join(", ")}) IN
       (SELECT ${cells(t.key.length)} FROM reseed_stage s, json_each(s.dels) j WHERE s.job = ?1 AND s.tbl = ?2)`,
  ).bind(job, t.name);
}

function insertStaged(db: D1Database, t: BundleTable, job: string): D1PreparedStatement {
  return db.prepare(
    `INSERT OR REPLACE INTO ${ident(t.name)} (${t.columns.map(ident).join(", ")})
       SELECT ${cells(t.columns.length)} FROM reseed_stage s, json_each(s.puts) j WHERE s.job = ?1 AND s.tbl = ?2
       ORDER BY s.seq, j.key`,
  ).bind(job, t.name);
}

/**
 * The data statements of the switch, for tables in dependency order: deletions children-first,
 * writes parents-first, and foreign keys checked at commit (rows are replaced in place).
 */
export function switchStatements(db: D1Database, tables: BundleTable[], job: Job, truncate: string[]): D1PreparedStatement[] {
  const out = [db.prepare("PRAGMA defer_foreign_keys = on")];
  for (const t of [...tables].reverse()) {
    if (truncate.includes(t.name)) out.push(db.prepare(`DELETE FROM ${ident(t.name)}`));
    else if (job.tables[t.name]?.dels) out.push(deleteStaged(db, t, job.version));
  }
  for (const t of tables) if (job.tables[t.name]?.puts) out.push(insertStaged(db, t, job.version));
  return out;
}
