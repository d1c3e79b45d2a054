// The ETL's account of what it did to the raw data (docs/design.md rule 7: nothing is dropped or
// changed silently). Every stage counts its rejections and repairs here by reason.
import path from "node:path";

/**
 * - rejected: a row dropped because it breaks a cleaning rule;
 * - repaired: a kept row whose value was replaced (by 0, null, [] ...) or whose entry was dropped;
 * - skipped:  a row not used although nothing is wrong with it (e.g. credits of a movie not kept);
 * - noted:    a fact worth knowing that changes no data (e.g. a movie without a director).
 */
export type CleaningOutcome = "rejected" | "repaired" | "skipped" | "noted";
export const OUTCOMES: readonly CleaningOutcome[] = ["rejected", "repaired", "skipped", "noted"];

/** Where an event happened: the row's movie id (raw text if it was invalid) and its CSV line. */
export interface Where {
  id?: number | string;
  line?: number;
}

export interface Tally {
  count: number;
  /** Up to MAX_EXAMPLES places, e.g. "line 12, id 862". */
  examples: string[];
}

export interface FileCounts {
  /** Data rows read (header and blank lines excluded). */
  read: number;
  kept: number;
  rejected: number;
  skipped: number;
}

export interface EtlReportJSON {
  files: Record<string, FileCounts>;
  rejected: Record<string, Tally>;
  repaired: Record<string, Tally>;
  skipped: Record<string, Tally>;
  noted: Record<string, Tally>;
  totals: Record<CleaningOutcome, number>;
}

/** What EtlReport.snapshot() keeps. */
export interface EtlReportSnapshot {
  files: Map<string, FileCounts>;
  tallies: Record<CleaningOutcome, Map<string, Tally>>;
}

export const MAX_EXAMPLES = 5;
const REASON = /^[a-z][a-z0-9_]*$/;

export class EtlReport {
  private readonly files = new Map<string, FileCounts>();
  private readonly tallies: Record<CleaningOutcome, Map<string, Tally>> = {
    rejected: new Map(),
    repaired: new Map(),
    skipped: new Map(),
    noted: new Map(),
  };
  /** File whose rows are being read now: rejections and skips are also counted against it. */
  private current: FileCounts | undefined;

  /** Start counting rows of `file` (keyed by its base name); later rejects/skips count against it. */
  beginFile(file: string): void {
    const key = path.basename(file);
    let counts = this.files.get(key);
    if (!counts) {
      counts = { read: 0, kept: 0, rejected: 0, skipped: 0 };
      this.files.set(key, counts);
    }
    this.current = counts;
  }

  /** Stop attributing events to a file. */
  endFile(): void {
    this.current = undefined;
  }

  rowRead(n = 1): void {
    if (this.current) this.current.read += n;
  }

  rowKept(n = 1): void {
    if (this.current) this.current.kept += n;
  }

  reject(reason: string, where?: Where, n = 1): void {
    this.add("rejected", reason, where, n);
    if (this.current) this.current.rejected += n;
  }

  repair(reason: string, where?: Where, n = 1): void {
    this.add("repaired", reason, where, n);
  }

  skip(reason: string, where?: Where, n = 1): void {
    this.add("skipped", reason, where, n);
    if (this.current) this.current.skipped += n;
  }

  note(reason: string, where?: Where, n = 1): void {
    this.add("noted", reason, where, n);
  }

  /** Everything counted so far, to go back to (a file read again from the start: etl/read.ts). */
  snapshot(): EtlReportSnapshot {
    return copyOf({ files: this.files, tallies: this.tallies });
  }

  /** Back to a snapshot (no file is current any more). */
  restore(snapshot: EtlReportSnapshot): void {
    const { files, tallies } = copyOf(snapshot);
    this.files.clear();
    for (const [k, c] of files) this.files.set(k, c);
    for (const o of OUTCOMES) {
      this.tallies[o].clear();
      for (const [k, t] of tallies[o]) this.tallies[o].set(k, t);
    }
    this.current = undefined;
  }

  /** How many events of this outcome and reason were counted (0 if none). */
  count(outcome: CleaningOutcome, reason: string): number {
    return this.tallies[outcome].get(reason)?.count ?? 0;
  }

  total(outcome: CleaningOutcome): number {
    let sum = 0;
    for (const t of this.tallies[outcome].values()) sum += t.count;
    return sum;
  }

  /** Row counts of one file (by base name), or undefined if it was never read. */
  file(file: string): FileCounts | undefined {
    const c = this.files.get(path.basename(file));
    return c && { ...c };
  }

  examples(outcome: CleaningOutcome, reason: string): string[] {
    return [...(this.tallies[outcome].get(reason)?.examples ?? [])];
  }

  toJSON(): EtlReportJSON {
    const dump = (m: Map<string, Tally>): Record<string, Tally> =>
      Object.fromEntries([...m].sort(byCount).map(([k, t]) => [k, { count: t.count, examples: [...t.examples] }]));
    return {
      files: Object.fromEntries([...this.files].map(([k, c]) => [k, { ...c }])),
      rejected: dump(this.tallies.rejected),
      repaired: dump(this.tallies.repaired),
      skipped: dump(this.tallies.skipped),
      noted: dump(this.tallies.noted),
      totals: {
        rejected: this.total("rejected"),
        repaired: this.total("repaired"),
        skipped: this.total("skipped"),
        noted: this.total("noted"),
      },
    };
  }

  /** Multi-line, human-readable account for the console. */
  summary(): string {
    const lines = ["ETL report"];
    for (const [name, c] of this.files) {
      let line = `  ${name}: ${c.read} rows read, ${c.kept} kept, ${c.rejected} rejected`;
      if (c.skipped) line += `, ${c.skipped} skipped`;
      lines.push(line);
    }
    for (const outcome of OUTCOMES) {
      const m = this.tallies[outcome];
      if (m.size === 0) {
        lines.push(`  ${outcome}: none`);
        continue;
      }
      lines.push(`  ${outcome} (${this.total(outcome)}):`);
      const entries = [...m].sort(byCount);
      const width = Math.max(...entries.map(([k]) => k.length));
      const countWidth = Math.max(...entries.map(([, t]) => String(t.count).length));
      for (const [reason, t] of entries) {
        const eg = t.examples.length ? `  e.g. ${t.examples.join("; ")}` : "";
        lines.push(`    ${reason.padEnd(width)}  ${String(t.count).padStart(countWidth)}${eg}`);
      }
    }
    return lines.join("\n");
  }

  private add(outcome: CleaningOutcome, reason: string, where: Where | undefined, n: number): void {
    const m = this.tallies[outcome];
    let t = m.get(reason);
    if (!t) {
      // Reasons are keys in the JSON report: a typo here is a programming error.
      if (!REASON.test(reason)) throw new Error(`report reason must be snake_case: ${JSON.stringify(reason)}`);
      t = { count: 0, examples: [] };
      m.set(reason, t);
    }
    t.count += n;
    if (where && t.examples.length < MAX_EXAMPLES) {
      const text = describe(where);
      if (t.examples[t.examples.length - 1] !== text) t.examples.push(text); // one row, several events
    }
  }
}

function copyOf(s: EtlReportSnapshot): EtlReportSnapshot {
  const tallies = (m: Map<string, Tally>) => new Map([...m].map(([k, t]) => [k, { count: t.count, examples: [...t.examples] }]));
  return {
    files: new Map([...s.files].map(([k, c]) => [k, { ...c }])),
    tallies: {
      rejected: tallies(s.tallies.rejected),
      repaired: tallies(s.tallies.repaired),
      skipped: tallies(s.tallies.skipped),
      noted: tallies(s.tallies.noted),
    },
  };
}

function byCount(a: [string, Tally], b: [string, Tally]): number {
  return b[1].count - a[1].count || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function describe(w: Where): string {
  const parts: string[] = [];
  if (w.line !== undefined) parts.push(`line ${w.line}`);
  if (w.id !== undefined) {
    const id = typeof w.id === "number" ? String(w.id) : JSON.stringify(w.id.length > 40 ? `${w.id.slice(0, 40)}…` : w.id);
    parts.push(`id ${id}`);
  }
  return parts.join(", ") || "(no place)";
}
