// Renders catalogue tables as SQL files of multi-row INSERTs. D1 caps a statement at 100 KB,
// and `wrangler d1 execute --file` is fast with ~200 rows per statement, slow with one.
import type { Cell } from "../../src/shared/bundle.ts";
import type { Row, Table } from "../build/catalog.ts";
import { HashedFile } from "./files.ts";

/** D1's hard limit for one statement. */
export const D1_STATEMENT_LIMIT = 100_000;
/** Target size: local `wrangler d1 execute` slows down superlinearly past ~30 KB a statement. */
export const MAX_STATEMENT_BYTES = 20_000;
export const MAX_ROWS_PER_STATEMENT = 200;

/** The value D1 ends up holding, whichever way the seed is loaded (SQL here, JSON bundle parts). */
export function storedValue<T extends string | number | null>(v: T): T {
  if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`non-finite number in seed: ${v}`);
  // NUL cannot be stored in TEXT literals.
  return (typeof v === "string" && v.includes("\0") ? v.replace(/\0/g, "") : v) as T;
}

/** A row's stored values in the order of `columns` (a missing column is NULL). */
export const rowCells = (row: Row, columns: readonly string[]): Cell[] => columns.map((c) => storedValue(row[c] ?? null));

export function sqlLiteral(v: string | number | null): string {
  return cellLiteral(storedValue(v));
}

/** The SQL literal of a stored value. */
function cellLiteral(s: Cell): string {
  if (s === null) return "NULL";
  if (typeof s === "number") return String(s);
  // SQLite string literals only need the quote doubled.
  return `'${s.includes("'") ? s.replace(/'/g, "''") : s}'`;
}

/**
 * One table's SQL part, written row by row: its INSERT statements, each within the statement
 * limits, go to `file` as they fill; the row count, known only at the end, is its last line
 * (a trailing comment, so the file is written once, never copied).
 */
export class TableSqlWriter {
  private readonly head: string;
  private readonly out: HashedFile;
  private values: string[] = [];
  private bytes: number;
  rows = 0;
  statements = 0;

  constructor(
    private readonly table: Pick<Table, "name" | "columns">,
    file: string,
  ) {
    this.head = `INSERT INTO ${table.name} (${table.columns.join(", ")}) VALUES\n`;
    this.bytes = this.head.length;
    this.out = new HashedFile(file);
  }

  /** One row, as its stored values in column order (rowCells). */
  add(cells: readonly Cell[]): void {
    const tuple = `(${cells.map(cellLiteral).join(", ")})`;
    const size = Buffer.byteLength(tuple) + 2;
    if (this.head.length + size >= D1_STATEMENT_LIMIT) throw new Error(`a ${this.table.name} row alone exceeds the statement limit`);
    if (this.values.length && (this.bytes + size > MAX_STATEMENT_BYTES || this.values.length >= MAX_ROWS_PER_STATEMENT)) this.flush();
    this.values.push(tuple);
    this.bytes += size;
    this.rows++;
  }

  private flush(): void {
    this.out.write(`${this.head}${this.values.join(",\n")};\n`);
    this.statements++;
    this.values = [];
    this.bytes = this.head.length;
  }

  finish(): { sha256: string; bytes: number; statements: number } {
    if (this.values.length) this.flush();
    this.out.write(`-- ${this.table.name}: ${this.rows} rows\n`);
    return { ...this.out.close(), statements: this.statements };
  }
}

/** One table's SQL part, streamed to `file` statement by statement. */
export function writeTableSql(table: Table, file: string): { sha256: string; bytes: number; statements: number } {
  const out = new TableSqlWriter(table, file);
  for (const row of table.rows) out.add(rowCells(row, table.columns));
  return out.finish();
}

/**
 * Splits SQL text written here (or a migration) back into statements, for loaders that run one
 * statement at a time (the Worker tests' fixtures): `;` outside a quoted literal ends one, and
 * leading `--` comment lines are dropped.
 */
export function splitSqlStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'") inString = !inString;
    else if (!inString && ch === ";") {
      const s = sql
        .slice(start, i)
        .replace(/^(\s*--[^\n]*\n)*/g, "")
        .trim();
      if (s) out.push(s);
      start = i + 1;
    }
  }
  return out;
}
