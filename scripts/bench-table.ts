// Output of `npm run bench:api`: Markdown tables (pasteable as they are) and autocannon figures.
import type { Result } from "autocannon";

/** One row: autocannon's figures, and the CPU time the server's processes spent on it. */
export interface Run extends Result {
  /** CPU ms (user + system) of the server's processes over the row (./proc-cpu.ts). */
  cpuMs?: number;
  /** cpuMs ÷ answered requests. */
  cpuMsPerRequest?: number;
}

/** CPU ms per request over several rows (total CPU ÷ total requests), or undefined. */
export function pooledCpu(runs: Run[]): number | undefined {
  const counted = runs.filter((r) => r.cpuMs !== undefined && r.requests.total > 0);
  if (counted.length === 0) return undefined;
  return counted.reduce((a, r) => a + r.cpuMs!, 0) / counted.reduce((a, r) => a + r.requests.total, 0);
}

/** CPU ms per request as printed ("0.62"), or "n/a". */
export const cpuCell = (r: Run | number | undefined) => {
  const v = typeof r === "number" || r === undefined ? r : r.cpuMsPerRequest;
  return v === undefined ? "n/a" : fmt(v, 2);
};

export const fmt = (n: number, d = 0) => n.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d });

/** req/s, with p50/p99 latency in ms: "1,234 (7.0 / 21.0)". */
export const rps = (r: Result) => `${fmt(r.requests.average)} (${fmt(r.latency.p50, 1)} / ${fmt(r.latency.p99, 1)})`;

/** Answers that are neither 2xx nor 4xx, plus socket errors and timeouts. */
export const failures = (r: Result) => r.errors + r.timeouts + r["1xx"] + r["3xx"] + r["5xx"];

/** "2xx 1,000 · 4xx 20 · 5xx 3": the status classes that occurred. */
export function statuses(r: Result): string {
  const parts = (["2xx", "3xx", "4xx", "5xx"] as const).filter((k) => r[k] > 0).map((k) => `${k} ${fmt(r[k])}`);
  if (r.errors + r.timeouts) parts.push(`errors ${fmt(r.errors + r.timeouts)}`);
  return parts.join(" · ") || "none";
}

/** A Markdown table; columns whose header starts with a space are right-aligned. */
export function markdownTable(header: string[], rows: string[][]): string {
  const right = header.map((h) => h.startsWith(" "));
  const head = header.map((h) => h.trim());
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(head), rule, ...rows.map((r) => line(head.map((_, i) => r[i] ?? "")))].join("\n");
}
