// The cron side of the harness: each kind of reseed, run the way the platform runs it — the
// Worker's scheduled() handler invoked again and again until the job is done — against a
// private local state (.bench/limits/<dataset>/cron-state) that starts empty:
//   first load -> unchanged -> one movie -> 1% metadata -> 1% overview text
// Before each kind the next variant's bundle is published to the local R2 with
// scripts/publish.ts (as `npm run publish -- --local --persist-to` does). Generic over the
// reseed's design: "done" is read from the run's JSON log line (`outcome` other than
// in_progress/busy) and from GET /version (no job `in_progress`), asked through a separate
// module instance so it never changes the recorded sequence.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { WRANGLER_ENV, wrangler } from "../wrangler.ts";
import { type Dataset, seedFor, type Variant, WORK } from "./datasets.ts";
import { invoke, type Outcome } from "./invoke.ts";
import { log } from "./log.ts";
import type { RecordedSample, SampleSpec } from "./measure.ts";
import { failedLocally, LocalBindings } from "./proxy.ts";
import { importWorker, type WorkerModule } from "./worker-module.ts";

export interface CronScenario {
  id: string;
  label: string;
  variant: Variant | null;
}
export const SCENARIOS: CronScenario[] = [
  { id: "first-load", label: "first load into an empty database", variant: "base" },
  { id: "unchanged", label: "unchanged (same version)", variant: null },
  { id: "one-movie", label: "one movie's runtime", variant: "one-movie" },
  { id: "meta-1pct", label: "1% of the movies: runtime, revenue, votes", variant: "meta-1pct" },
  { id: "overview-1pct", label: "1% of the movies: overview text", variant: "overview-1pct" },
];
/** A job that needs more invocations than this is reported as not finished. */
export const MAX_INVOCATIONS = 3000;
const MINUTE = 60_000;

/**
 * The cron's clock, ahead of the real one: each invocation is the next minute (wrangler.toml
 * runs the cron every minute), and a job that waits for today's write quota skips to the next
 * 00:00 UTC, as its next useful run would. Monotonic over all jobs of a dataset (the reseed's
 * state keeps timestamps).
 */
class CronClock {
  private shiftMs = 0;
  next(): number {
    this.shiftMs += MINUTE;
    return this.shiftMs;
  }
  skipToNextDay(): void {
    const now = Date.now() + this.shiftMs;
    const midnight = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);
    this.shiftMs += midnight - now;
  }
}

export interface CronRecording {
  scenario: CronScenario;
  specs: SampleSpec[];
  samples: RecordedSample[];
  /** Outcome word of each invocation's log line (or "?" when it logged none). */
  outcomes: string[];
  done: boolean;
  /** The version /health serves afterwards, and the one published. */
  served: string | null;
  published: string | null;
  /** Invocations that failed because the local proxy did (not the Worker), then resumed. */
  localFailures: number;
  /** Days the job spanned (it waits for the next UTC day once a daily write quota is spent). */
  days: number;
}

/** The first cron expression in wrangler.toml [triggers]. */
export function configuredCron(): string {
  const toml = fs.readFileSync("wrangler.toml", "utf8");
  const m = /\[triggers\][^[]*?crons\s*=\s*\[\s*"([^"]+)"/s.exec(toml);
  return m?.[1] ?? "* * * * *";
}

/** The outcome of a reseed run, from the JSON line it logs (event "reseed"). */
function outcomeOf(o: Outcome): string | undefined {
  for (const line of [...o.logs].reverse()) {
    try {
      const j = JSON.parse(line) as { event?: string; outcome?: string };
      if (j.outcome && (!j.event || j.event === "reseed")) return j.outcome;
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}
const unfinished = (outcome: string | undefined) => outcome !== undefined && /progress|busy|partial|pending|waiting/.test(outcome);

function publish(seedDir: string, persistTo: string) {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const r = spawnSync(tsx, ["scripts/publish.ts", "--local", "--seed", seedDir, "--persist-to", persistTo], { env: WRANGLER_ENV, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`publish failed: ${r.stderr}`);
}

/** Records every scenario on `ds`, in order, from an empty database. */
export async function recordCron(ds: Dataset, bundle: string): Promise<CronRecording[]> {
  const state = path.join(WORK, ds.name, "cron-state");
  fs.rmSync(state, { recursive: true, force: true });
  fs.mkdirSync(state, { recursive: true });
  wrangler(["d1", "migrations", "apply", "DB", "--local", `--persist-to=${state}`], { quiet: true });
  const cron = configuredCron();
  const out: CronRecording[] = [];
  const clock = new CronClock();
  let published: string | null = null;
  for (const scenario of SCENARIOS) {
    if (scenario.variant) {
      const seed = await seedFor(ds, scenario.variant);
      publish(seed.dir, state); // with no proxy open: publish.ts opens its own on the same state
      published = seed.manifest.version;
    }
    log(`${ds.name} cron: ${scenario.label} (bundle ${published})`);
    const local = await new LocalBindings(state).open();
    try {
      out.push(await recordJob(scenario, bundle, local, cron, published, clock));
    } finally {
      await local.close();
    }
  }
  return out;
}

/** scheduled() on one module instance (one isolate running the cron again and again) until done. */
async function recordJob(
  scenario: CronScenario,
  bundle: string,
  local: LocalBindings,
  cron: string,
  published: string | null,
  clock: CronClock,
): Promise<CronRecording> {
  const mod = await importWorker(bundle);
  const observer = await importWorker(bundle);
  const rec: CronRecording = { scenario, specs: [], samples: [], outcomes: [], done: false, served: null, published, localFailures: 0, days: 1 };
  for (let i = 0; i < MAX_INVOCATIONS && !rec.done; i++) {
    const spec: SampleSpec = { setup: [], measured: { kind: "scheduled", cron } };
    const measured = await invoke(mod, local.env, spec.measured, { clockShiftMs: clock.next() });
    rec.specs.push(spec);
    rec.samples.push({ setup: [], measured });
    const outcome = outcomeOf(measured);
    rec.outcomes.push(outcome ?? "?");
    if (outcome === "failed" || outcome === "rejected" || measured.errors.some((e) => e.startsWith("uncaught"))) {
      const said = [...measured.logs, ...measured.errors].join(" | ");
      log(`  run ${i + 1}: ${outcome ?? "error"}: ${said.slice(0, 400)}`);
      // The local proxy can fail under load (./proxy.ts); the reseed is safe to interrupt, so the
      // next run, on a new proxy, resumes (taped as it happened: the replay fails the same way).
      if (!failedLocally(measured)) break;
      rec.localFailures++;
      await local.reopen();
    }
    if (outcome === "waiting" && measured.logs.some((l) => l.includes("quota is spent"))) {
      clock.skipToNextDay();
      rec.days++;
    }
    rec.done = !unfinished(outcome) && (await versionInfo(observer, local.env)).inProgress === null;
  }
  rec.served = (await versionInfo(observer, local.env)).version;
  log(`  ${rec.samples.length} invocation(s) over ${rec.days} day(s): ${summarise(rec.outcomes)}${rec.done ? "" : " (NOT finished)"}; serves ${rec.served}`);
  return rec;
}

/** GET /version through an observer instance: the live version and the job in progress, if any. */
async function versionInfo(observer: WorkerModule, env: unknown): Promise<{ version: string | null; inProgress: unknown }> {
  const o = await invoke(observer, env, { kind: "fetch", path: "/version" }, { keepBody: true });
  let body: { version?: string | null; reseed?: { in_progress?: unknown } } = {};
  try {
    body = JSON.parse(o.body ?? "{}");
  } catch {
    /* not JSON: no version */
  }
  return { version: body.version ?? null, inProgress: body.reseed?.in_progress ?? null };
}

/** "in_progress ×40, waiting ×2, applied": the outcomes in order, runs of one collapsed. */
function summarise(outcomes: string[]): string {
  const runs: [string, number][] = [];
  for (const o of outcomes) {
    const last = runs.at(-1);
    if (last && last[0] === o) last[1]++;
    else runs.push([o, 1]);
  }
  return runs.map(([o, n]) => (n > 1 ? `${o} ×${n}` : o)).join(", ");
}
