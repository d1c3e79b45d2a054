// Markdown tables of the harness's figures (to paste into the README): fetch rows, cron
// invocations, and the daily-quota model.
import type { QuotaAssumptions, QuotaModel } from "./quota.ts";
import { MIX } from "./quota.ts";
import type { CronResult, RowResult, SkippedRow } from "./summary.ts";

const num = (n: number, d = 0) => (Number.isFinite(n) ? n.toLocaleString("en", { minimumFractionDigits: d, maximumFractionDigits: d }) : "∞");
const ms = (n: number) => num(n, n < 10 ? 2 : 1);
const mb = (n: number) => num(n, n < 10 ? 2 : 1);
const over = (flags: string[]) => (flags.length ? `**over: ${flags.join("; ")}**` : "");

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i < 3 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

export function fetchTable(rows: RowResult[], skipped: SkippedRow[]): string {
  const body = rows.map((r) => {
    const c = r.countsMax;
    const rowsRead = r.countsMedian.rowsRead === c.rowsRead ? num(c.rowsRead) : `${num(r.countsMedian.rowsRead)} / ${num(c.rowsRead)}`;
    return [
      `\`${r.route}\``, r.case, `${r.statuses}${r.xCache !== "-" ? ` ${r.xCache}` : ""}`,
      `${ms(r.cpu.median)} / ${ms(r.cpu.p99)}`,
      r.cold ? `${ms(r.cold.firstCallMs)} (${ms(r.cold.startupMs)})` : "",
      `${num(c.d1Calls)} (${num(c.d1Statements)})`, rowsRead, num(c.rowsWritten),
      `${num(c.kvReads)} / ${num(c.kvWrites)}`, num(c.r2Reads + c.r2Writes), num(c.cacheOps), num(r.subrequestsMax), mb(r.heapMb),
      [over(r.flags), r.coldFlags.length ? `⚠ ${r.coldFlags.join("; ")}` : "", r.errors.length ? `errors: ${r.errors.join(" | ").slice(0, 160)}` : ""].filter(Boolean).join(" "),
    ];
  });
  for (const s of skipped) body.push([`\`${s.route}\``, s.case, "", "", "", "", "", "", "", "", "", "", "", `not measured: ${s.skipped}`]);
  return table(
    ["route", "case", "status", "CPU ms median / p99", "cold 1st call (startup) ms", "D1 calls (stmts)", "rows read median / max", "rows written", "KV r / w", "R2 ops", "cache ops", "subreq", "heap MB", "budget"],
    body,
  );
}

export function cronTable(jobs: CronResult[]): string {
  const body: string[][] = [];
  for (const j of jobs) {
    for (const inv of j.invocations) {
      const c = inv.counts;
      body.push([
        inv.n === 1 ? `${j.label}${j.done ? "" : " (**not finished**)"}${j.localFailures ? ` (${j.localFailures} run(s) failed in the local proxy, then resumed)` : ""}` : "",
        String(inv.n), inv.outcome,
        `${ms(inv.cpuMs)} (${ms(inv.cpuWarmMs)})`, `${num(c.d1Calls)} (${num(c.d1Statements)})`, num(c.rowsRead), num(c.rowsWritten),
        `${num(c.kvReads)} / ${num(c.kvWrites)} / ${num(c.kvDeletes)} / ${num(c.kvLists)}`, `${num(c.r2Reads)} / ${num(c.r2Writes)}`,
        num(inv.subrequests), mb(inv.heapMb), over(inv.flags),
      ]);
    }
    if (j.errors.length) body.push(["", "", "errors", j.errors.join(" | ").slice(0, 200), "", "", "", "", "", "", "", ""]);
  }
  return table(
    ["reseed job", "run", "outcome", "CPU ms (warm)", "D1 calls (stmts)", "rows read", "rows written", "KV r / w / del / list", "R2 r / w", "subreq", "heap MB", "budget"],
    body,
  );
}

export function quotaTable(m: QuotaModel, a: QuotaAssumptions): string {
  const body = m.lines.map((l) => [
    l.name, num(l.limit), num(l.fixed), num(l.perRequest, l.perRequest < 10 ? 3 : 1), Number.isFinite(l.allowed) ? num(Math.floor(l.allowed)) : "no limit",
  ]);
  const lines = [
    table(["quota (Free, per day)", "limit", "fixed: isolate refreshes + cron", "per request of the mix", "requests/day it allows"], body),
    "",
    `**This mix fits ${num(Math.floor(m.allowed))} requests a day on the Free plan** (bound by ${m.binding}).`,
    "",
    `Assumptions: ${a.isolates} isolates alive at any time, each living ${a.lifetimeMin} min and re-reading the dataset version every ${a.refreshS} s (${a.refreshFrom}) ` +
      `(${num(m.refreshesPerDay)} refreshes a day, each costing what the "isolate refresh" row measured); ` +
      `${Math.round(a.cachedShare * 100)}% of requests answered from isolate memory or with a 304 (no D1/KV); ` +
      `cron \`${a.cron}\` = ${num(m.cronRunsPerDay)} run(s) a day, each costing the "unchanged" job.` +
      (m.updateDay ? ` A day that applies a 1% update adds ${num(m.updateDay.rowsWritten)} D1 rows and ${num(m.updateDay.kvWrites)} KV writes.` : ""),
    `Mix (percent of requests): ${Object.entries(MIX).map(([id, w]) => `${id} ${w}`).join(", ")}.`,
  ];
  if (m.missing.length) lines.push(`Not in the model (row not measured): ${m.missing.join(", ")}.`);
  return lines.join("\n");
}
