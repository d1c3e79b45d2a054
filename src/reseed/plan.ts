// What a reseed has to diff: the (table, bucket) parts of the new bundle whose hash differs from
// the active one, and where each one's old rows come from. Then the row diff of one such part.
import { bucketOf, keyText, type BundleManifest, type BundleTable, type Cell } from "../shared/bundle.ts";
import type { Budget } from "./limits.ts";

/** Where the rows a bucket held before come from. */
export type OldRows =
  | { from: "part"; sha256: string } // the active bundle's part (R2), same shape
  | { from: "d1" } // the live table itself (the active bundle is unknown, or the table's shape changed)
  | { from: "none" }; // nothing is live: the table is emptied in the switch and filled anew

export interface Slot { table: BundleTable; bucket: number; old: OldRows }

export interface Plan {
  slots: Slot[];
  /** Tables emptied in the switch before their rows are written (no version is live yet). */
  truncate: string[];
}

const sameShape = (a: BundleTable, b: BundleTable) =>
  a.parts.length === b.parts.length && a.columns.join() === b.columns.join() && a.key.join() === b.key.join();

/** Deterministic for the same (live version, active, next): a job resumes by slot index. */
export function planReseed(liveVersion: string | null, active: BundleManifest | null, next: BundleManifest): Plan {
  const slots: Slot[] = [];
  const truncate: string[] = [];
  for (const table of next.tables) {
    const buckets = table.parts.map((_, bucket) => bucket);
    if (liveVersion === null) {
      truncate.push(table.name);
      for (const bucket of buckets) slots.push({ table, bucket, old: { from: "none" } });
      continue;
    }
    const before = active?.tables.find((t) => t.name === table.name);
    if (!before || !sameShape(before, table)) {
      for (const bucket of buckets) slots.push({ table, bucket, old: { from: "d1" } });
      continue;
    }
    for (const bucket of buckets) {
      const sha256 = before.parts[bucket]!;
      if (sha256 !== table.parts[bucket]) slots.push({ table, bucket, old: { from: "part", sha256 } });
    }
  }
  return { slots, truncate };
}

export interface RowDiff {
  /** Keys of rows that are gone. */
  dels: Cell[][];
  /** Rows that are new or changed (INSERT OR REPLACE). */
  puts: Cell[][];
}

export const keyIndexOf = (t: BundleTable) => t.key.map((k) => t.columns.indexOf(k));

/** Row-by-row diff of one bucket: compares whole rows by their JSON text, keyed by primary key. */
export function diffRows(table: BundleTable, oldRows: Cell[][], newRows: Cell[][]): RowDiff {
  const keyIndex = keyIndexOf(table);
  const before = new Map<string, string>();
  for (const r of oldRows) before.set(keyText(r, keyIndex), JSON.stringify(r));
  const puts: Cell[][] = [];
  for (const r of newRows) {
    const k = keyText(r, keyIndex);
    if (before.get(k) !== JSON.stringify(r)) puts.push(r);
    before.delete(k);
  }
  const dels = [...before.keys()].map((k) => JSON.parse(k) as Cell[]);
  return { dels, puts };
}

/** Rows of a live table grouped by bucket, for the diffs that cannot use the active bundle. */
export async function liveRowsByBucket(db: D1Database, budget: Budget, table: BundleTable): Promise<Map<number, Cell[][]>> {
  const cols = table.columns.map((c) => `"${c}"`).join(", ");
  const rows = await budget.raw<Cell[]>(db.prepare(`SELECT ${cols} FROM "${table.name}"`));
  const first = keyIndexOf(table)[0]!;
  const byBucket = new Map<number, Cell[][]>();
  for (const r of rows) {
    const b = bucketOf(r[first] ?? null, table.parts.length);
    const list = byBucket.get(b);
    if (list) list.push(r);
    else byBucket.set(b, [r]);
  }
  return byBucket;
}
