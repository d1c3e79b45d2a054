// Markdown tables of the harness's figures (to paste into the README): fetch rows, cron
// invocations, and the daily-quota model.

import type { Counts } from "./bindings.ts";
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
      `\`${r.route}\``,
      r.case,
      `${r.statuses}${r.xCache !== "-" ? ` ${r.xCache}` : ""}`,
      `${ms(r.cpu.median)} / ${ms(r.cpu.p99)}`,
      r.cold ? `${ms(r.cold.firstCallMs)} (${ms(r.cold.startupMs)})` : "",
      `${num(c.d1Calls)} (${num(c.d1Statements)})`,
      rowsRead,
      num(c.rowsWritten),
      `${num(c.kvReads)} / ${num(c.kvWrites)}`,
      num(c.r2Reads + c.r2Writes),
      num(c.cacheOps),
      num(r.subrequestsMax),
      mb(r.heapMb),
      [over(r.flags), r.coldFlags.length ? `⚠ ${r.coldFlags.join("; ")}` : "", r.errors.length ? `errors: ${r.errors.join(" | ").slice(0, 160)}` : ""]
        .filter(Boolean)
        .join(" "),
    ];
  });
  for (const s of skipped) body.push([`\`${s.route}\``, s.case, "", "", "", "", "", "", "", "", "", "", "", `not measured: ${s.skipped}`]);
  return table(
    [
      "route",
      "case",
      "status",
      "CPU ms median / p99",
      "cold 1st call (startup) ms",
      "D1 calls (stmts)",
      "rows read median / max",
      "rows written",
      "KV r / w",
      "R2 ops",
      "cache ops",
      "subreq",
      "heap MB",
      "budget",
    ],
    body,
  );
}

/** Jobs of more invocations than this print one row per outcome (max of each figure) instead of one per run. */
const CRON_ROWS_IN_FULL = 8;

export function cronTable(jobs: CronResult[]): string {
  const body: string[][] = [];
  const cells = (first: string, run: string, outcome: string, cpu: string, cpuWarm: string, c: Counts, subreq: number, heap: number, flags: string[]) => [
    first,
    run,
    outcome,
    `${cpu} (${cpuWarm})`,
    `${num(c.d1Calls)} (${num(c.d1Statements)})`,
    num(c.rowsRead),
    num(c.rowsWritten),
    `${num(c.kvReads)} / ${num(c.kvWrites)} / ${num(c.kvDeletes)} / ${num(c.kvLists)}`,
    `${num(c.r2Reads)} / ${num(c.r2Writes)}`,
    num(subreq),
    mb(heap),
    over(flags),
  ];
  for (const j of jobs) {
    const title =
      `${j.label}${j.done ? "" : " (**not finished**)"}${j.days > 1 ? ` (${j.days} days: daily write quota)` : ""}` +
      `${j.localFailures ? ` (${j.localFailures} run(s) failed in the local proxy, then resumed)` : ""}`;
    if (j.invocations.length <= CRON_ROWS_IN_FULL) {
      for (const inv of j.invocations) {
        body.push(
          cells(inv.n === 1 ? title : "", String(inv.n), inv.outcome, ms(inv.cpuMs), ms(inv.cpuWarmMs), inv.counts, inv.subrequests, inv.heapMb, inv.flags),
        );
      }
    } else {
      // one row per outcome: how many runs, then the largest figure of any of them (CPU: median / max)
      const byOutcome = new Map<string, CronResult["invocations"]>();
      for (const inv of j.invocations) byOutcome.set(inv.outcome, [...(byOutcome.get(inv.outcome) ?? []), inv]);
      let first = true;
      for (const [outcome, runs] of byOutcome) {
        const max = (f: (i: (typeof runs)[number]) => number) => Math.max(...runs.map(f));
        const cpus = runs.map((r) => r.cpuMs).sort((x, y) => x - y);
        const counts = Object.fromEntries(Object.keys(runs[0]!.counts).map((k) => [k, max((r) => r.counts[k as keyof Counts])])) as unknown as Counts;
        const flags = [...new Set(runs.flatMap((r) => r.flags))];
        body.push(
          cells(
            first ? `${title}: ${j.invocations.length} runs` : "",
            `×${runs.length}`,
            `${outcome} (max of each)`,
            `${ms(cpus[Math.floor(cpus.length / 2)]!)} / ${ms(cpus.at(-1)!)}`,
            ms(max((r) => r.cpuWarmMs)),
            counts,
            max((r) => r.subrequests),
            max((r) => r.heapMb),
            flags,
          ),
        );
        first = false;
      }
      const written = j.invocations.reduce((n, i) => n + i.counts.rowsWritten, 0);
      const kvWrites = j.invocations.reduce((n, i) => n + i.counts.kvWrites, 0);
      body.push(["", "", `job total: ${num(written)} D1 rows written, ${num(kvWrites)} KV writes`, "", "", "", "", "", "", "", "", ""]);
    }
    if (j.errors.length) body.push(["", "", "errors", j.errors.join(" | ").slice(0, 200), "", "", "", "", "", "", "", ""]);
  }
  return table(
    [
      "reseed job",
      "run",
      "outcome",
      "CPU ms (warm)",
      "D1 calls (stmts)",
      "rows read",
      "rows written",
      "KV r / w / del / list",
      "R2 r / w",
      "subreq",
      "heap MB",
      "budget",
    ],
    body,
  );
}

export function quotaTable(m: QuotaModel, a: QuotaAssumptions): string {
  const body = m.lines.map((l) => [
    l.name,
    num(l.limit),
    num(l.fixed),
    num(l.perRequest, l.perRequest < 10 ? 3 : 1),
    Number.isFinite(l.allowed) ? num(Math.floor(l.allowed)) : "no limit",
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
    `Mix (percent of requests): ${Object.entries(MIX)
      .map(([id, w]) => `${id} ${w}`)
      .join(", ")}.`,
  ];
  if (m.missing.length) lines.push(`Not in the model (row not measured): ${m.missing.join(", ")}.`);
  return lines.join("\n");
}
