// Turns the phases' outcomes into the figures the tables print: per row the CPU distribution,
// the counts (median and maximum over the samples), the peak heap and the cold first call; per
// cron invocation every figure on its own. Budgets are checked here (./budgets.ts).
import { type Counts, subrequests, zeroCounts } from "./bindings.ts";
import { overBudget } from "./budgets.ts";
import type { Outcome } from "./invoke.ts";
import type { ColdResult, Figures } from "./measure.ts";
import type { RowSpec } from "./rows.ts";

export const median = (xs: number[]) => percentile(xs, 50);
/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function countsBy(list: Counts[], f: (xs: number[]) => number): Counts {
  const out = zeroCounts();
  for (const k of Object.keys(out) as (keyof Counts)[]) out[k] = f(list.map((c) => c[k]));
  return out;
}

export interface RowResult {
  id: string;
  route: string;
  case: string;
  statuses: string;
  xCache: string;
  samples: number;
  cpu: { median: number; p99: number; max: number; wallMedian: number };
  cold?: { startupMs: number; firstCallMs: number; firstCallMax: number; runs: number };
  heapMb: number;
  countsMedian: Counts;
  countsMean: Counts;
  countsMax: Counts;
  subrequestsMax: number;
  flags: string[];
  coldFlags: string[];
  errors: string[];
}

export interface SkippedRow {
  id: string;
  route: string;
  case: string;
  skipped: string;
}

export function summariseRow(spec: RowSpec, recorded: Outcome[], cpu: Figures[], heap: Figures[], cold: ColdResult[]): RowResult {
  const counts = recorded.map((o) => o.counts);
  const cpuMs = cpu.map((o) => o.cpuMs!);
  const countsMax = countsBy(counts, (xs) => Math.max(...xs));
  const r: RowResult = {
    id: spec.id,
    route: spec.route,
    case: spec.case,
    statuses: [...new Set(recorded.map((o) => o.status))].sort().join("/"),
    xCache: [...new Set(recorded.map((o) => o.xCache ?? "-"))].sort().join("/"),
    samples: cpu.length,
    cpu: { median: median(cpuMs), p99: percentile(cpuMs, 99), max: Math.max(...cpuMs), wallMedian: median(cpu.map((o) => o.wallMs!)) },
    heapMb: Math.max(0, ...heap.map((o) => o.heapPeak! / 2 ** 20)),
    countsMedian: countsBy(counts, median),
    countsMean: countsBy(counts, mean),
    countsMax,
    subrequestsMax: Math.max(...counts.map(subrequests)),
    flags: [],
    coldFlags: [],
    errors: [...new Set(recorded.flatMap((o) => o.errors))].slice(0, 3),
  };
  if (cold.length) {
    r.cold = {
      startupMs: median(cold.map((c) => c.startupMs)),
      firstCallMs: median(cold.map((c) => c.firstCallMs)),
      firstCallMax: Math.max(...cold.map((c) => c.firstCallMs)),
      runs: cold.length,
    };
  }
  r.flags = overBudget({
    cpuMs: r.cpu.p99,
    subrequests: r.subrequestsMax,
    d1Queries: countsMax.d1Statements,
    heapMb: r.heapMb,
    rowsRead: countsMax.rowsRead,
    rowsBudget: spec.rowsBudget,
  });
  if (r.statuses.includes("5")) r.flags.push(`status ${r.statuses}`);
  if (r.cold) r.coldFlags = overBudget({ cpuMs: r.cold.firstCallMax, subrequests: 0, d1Queries: 0 }).map((f) => `cold first call ${f}`);
  return r;
}

export interface CronInvocation {
  n: number;
  outcome: string;
  cpuMs: number;
  cpuWarmMs: number;
  wallMs: number;
  heapMb: number;
  counts: Counts;
  subrequests: number;
  flags: string[];
}

export interface CronResult {
  id: string;
  label: string;
  done: boolean;
  /** Invocations that failed because the local proxy did, then resumed. */
  localFailures: number;
  /** Days the job spanned (waiting for the next UTC day once a daily write quota was spent). */
  days: number;
  published: string | null;
  served: string | null;
  invocations: CronInvocation[];
  errors: string[];
}

export function summariseCron(
  id: string,
  label: string,
  meta: { done: boolean; published: string | null; served: string | null; outcomes: string[]; localFailures: number; days: number },
  recorded: Outcome[],
  first: Figures[],
  warm: Figures[],
  heap: Figures[],
): CronResult {
  const invocations = recorded.map((o, i): CronInvocation => {
    const inv: CronInvocation = {
      n: i + 1,
      outcome: meta.outcomes[i] ?? "?",
      cpuMs: first[i]!.cpuMs!,
      cpuWarmMs: warm[i]!.cpuMs!,
      wallMs: first[i]!.wallMs!,
      heapMb: heap[i]!.heapPeak! / 2 ** 20,
      counts: o.counts,
      subrequests: subrequests(o.counts),
      flags: [],
    };
    inv.flags = overBudget({ cpuMs: inv.cpuMs, subrequests: inv.subrequests, d1Queries: o.counts.d1Statements, heapMb: inv.heapMb });
    return inv;
  });
  const errors = [...new Set(recorded.flatMap((o) => o.errors))].slice(0, 3);
  return {
    id,
    label,
    done: meta.done,
    localFailures: meta.localFailures,
    days: meta.days,
    published: meta.published,
    served: meta.served,
    invocations,
    errors,
  };
}
