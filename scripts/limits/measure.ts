// The phases of one row of the harness. A row is a sequence of samples, each a few unmeasured
// setup steps (requests, cache resets) and one measured invocation:
//   record  a fresh module instance runs the whole sequence against the real local bindings:
//           the counts of each measured invocation, and a tape of every binding call's result;
//   cpu     in a new Node process, another fresh instance runs the same sequence against the tapes
//           (no I/O), timing the measured invocations after the warm-up ones (process.cpuUsage);
//   heap    a third one does it again, with a full GC before each measured invocation and the
//           heap sampled at each binding call and at the end;
//   cold    in other new processes (new V8 isolates): the module's import (its global scope),
//           then the first sample, whose measured call is the row's first in that isolate.
// Same module state at every step in every phase (fresh instance, same sequence, same clock),
// so each replay makes exactly the recorded calls; a divergence is an error, never averaged in.
import { fork } from "node:child_process";
import { cacheStorage } from "./bindings.ts";
import { type Invocation, invoke, type Outcome, useCaches } from "./invoke.ts";
import { importWorker, type WorkerModule } from "./worker-module.ts";

/** Module caches a step may empty; resolved to the bundle's `forget*` functions by name. */
export type ResetKind = "dataset" | "answers";
const RESET_PATTERN: Record<ResetKind, RegExp> = { dataset: /Dataset/, answers: /IsolateCache|Answers/ };

export type Step = Invocation | { reset: ResetKind };
export interface SampleSpec {
  setup: Step[];
  measured: Invocation;
}
export type CacheMode = "workers.dev" | "custom-domain";

export interface RecordedSample {
  setup: (Outcome | { reset: ResetKind })[];
  measured: Outcome;
}

/** The bundle's reset functions for a kind (none: the row cannot be measured in that state). */
export function resetsFor(resets: string[], kind: ResetKind): string[] {
  return resets.filter((r) => RESET_PATTERN[kind].test(r));
}

function reset(mod: WorkerModule, kind: ResetKind) {
  const names = resetsFor(Object.keys(mod.resets), kind);
  if (!names.length) throw new Error(`the Worker exports no reset for its ${kind} cache`);
  for (const n of names) mod.resets[n]!();
}

const isReset = (s: Step | Outcome | { reset: ResetKind }): s is { reset: ResetKind } => "reset" in s;

/** Runs the sequence against the real bindings in `env`. */
export async function recordSamples(bundle: string, env: unknown, samples: SampleSpec[], cache: CacheMode): Promise<RecordedSample[]> {
  useCaches(cacheStorage(cache));
  const mod = await importWorker(bundle);
  const out: RecordedSample[] = [];
  for (const s of samples) {
    const setup: RecordedSample["setup"] = [];
    let etag: string | null | undefined;
    for (const step of s.setup) {
      if (isReset(step)) {
        reset(mod, step.reset);
        setup.push(step);
      } else {
        const o = await invoke(mod, env, step, { etag });
        etag = o.etag;
        setup.push(o);
      }
    }
    out.push({ setup, measured: await invoke(mod, env, s.measured, { etag }) });
  }
  return out;
}

/**
 * Replays recorded samples on a fresh instance (or `mod`), measuring the measured invocations
 * from index `from` on. Returns them with their measurements.
 */
export async function replaySamples(
  bundle: string,
  env: unknown,
  specs: SampleSpec[],
  recorded: RecordedSample[],
  opts: { measure: "cpu" | "heap"; from: number; cache: CacheMode; mod?: WorkerModule },
): Promise<{ outcomes: Outcome[]; mod: WorkerModule }> {
  useCaches(cacheStorage(opts.cache));
  const mod = opts.mod ?? (await importWorker(bundle));
  const outcomes: Outcome[] = [];
  for (const [i, s] of specs.entries()) {
    const rec = recorded[i]!;
    let etag: string | null | undefined;
    for (const [j, step] of s.setup.entries()) {
      const r = rec.setup[j]!;
      if (isReset(step)) reset(mod, step.reset);
      else if (!isReset(r)) etag = (await invoke(mod, env, step, { etag, replay: r })).etag;
    }
    const o = await invoke(mod, env, s.measured, { etag, replay: rec.measured, measure: i >= opts.from ? opts.measure : undefined });
    if (i >= opts.from) outcomes.push(o);
  }
  return { outcomes, mod };
}

export interface ColdResult {
  startupMs: number;
  firstCallMs: number;
  firstCallWallMs: number;
}
/** What a replay gives back per measured invocation (the tapes stay in the replay process). */
export type Figures = Pick<Outcome, "cpuMs" | "wallMs" | "heapPeak">;
export interface ReplayResult {
  cpu: Figures[];
  warm?: Figures[];
  heap: Figures[];
}

/** A replay task for ./replay-worker.ts. */
export type ReplayTask =
  | { kind: "row" | "cron"; bundle: string; specs: SampleSpec[]; recorded: RecordedSample[]; cache: CacheMode; from: number; heapFrom: number }
  | { kind: "cold"; bundle: string; specs: [SampleSpec]; recorded: [RecordedSample]; cache: CacheMode };

/**
 * V8 flags of the replay process. `--single-threaded-gc`: garbage collection runs on the isolate's
 * thread only (no concurrent marking or sweeping, no parallel scavenges), so all of it is counted.
 * Optimising compiles stay on V8's background thread, as in workerd; their CPU would be counted
 * too (process.cpuUsage is per process), so each measured invocation starts only once the
 * process is quiet (invoke.ts quiesce), and only an overlap with the invocation itself can leak in.
 */
export const REPLAY_FLAGS = ["--single-threaded-gc", "--expose-gc"];

/** Runs a replay task in a new Node process (the bundled ./replay-worker.ts, no TS loader). */
export function runReplay(probe: string, task: ReplayTask & { kind: "cold" }): Promise<ColdResult>;
export function runReplay(probe: string, task: ReplayTask & { kind: "row" | "cron" }): Promise<ReplayResult>;
export function runReplay(probe: string, task: ReplayTask): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = fork(probe, [], { execArgv: REPLAY_FLAGS, serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: unknown;
    child.once("message", (m) => (result = m));
    child.once("error", reject);
    child.once("exit", (code) => {
      const failed = (result as { error?: string } | undefined)?.error;
      if (failed) reject(new Error(failed));
      else if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`replay process exited with ${code}`));
    });
    child.send(task);
  });
}
