// One catalogue table written: its rows go once through its SQL part (D1) and its bundle parts
// (R2), on whichever thread makes them (the main thread, or the write stage's worker thread for
// a portable table: write-thread.ts).
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { BundleTable, Cell } from "../../src/shared/bundle.ts";
import type { Table } from "../build/catalog.ts";
import type { SeedManifest } from "../seed-manifest.ts";
import type { BundleStore } from "./bundle.ts";
import { TablePartsWriter } from "./bundle.ts";
import { rowCells, storedValue, TableSqlWriter } from "./sql.ts";

export interface WrittenTable {
  d1: SeedManifest["d1"][number];
  bundle: BundleTable;
  rows: number;
  /** The thread that wrote it (0: the main thread) and how long it took. */
  thread: number;
  seconds: number;
}

/** The SQL part of the i-th table (dataset_meta is the 0th). */
export const sqlFile = (table: Pick<Table, "name">, i: number) => `d1/${String(i).padStart(2, "0")}_${table.name}.sql`;

/** Writes the i-th table's SQL part into `tmp` and its bundle parts into the store. */
export function writeTable(tmp: string, store: BundleStore, table: Table, i: number): WrittenTable {
  const t0 = performance.now();
  const file = sqlFile(table, i);
  const sql = new TableSqlWriter(table, path.join(tmp, file));
  const parts = new TablePartsWriter(store, table);
  const add = (cells: readonly Cell[]) => {
    sql.add(cells);
    parts.add(cells);
  };
  if (table.cells) for (const cells of table.cells) add(cells.map(storedValue));
  else for (const row of table.rows) add(rowCells(row, table.columns));
  const [d1, bundle] = [{ table: table.name, file, ...sql.finish() }, parts.finish()];
  return { d1, bundle, rows: sql.rows, thread: threadId, seconds: (performance.now() - t0) / 1000 };
}
