// Entry of the replay process (./measure.ts runReplay): a new Node process and V8 isolate per
// task, holding only that task's tapes and the Worker's module instances, so the measured heap is
// the Worker's and a full GC is quick, started with REPLAY_FLAGS (GC on the isolate's thread).
// Bundled by esbuild into one plain ES module (worker-bundle.ts bundleReplayWorker): no
// TypeScript loader runs in it. The task arrives over IPC; the figures go back the same way.
//   row   replay the row's samples on a fresh instance, timing CPU after the warm-up; again on
//         another fresh instance with a full GC before each of the last samples, for the heap;
//   cold  warm Node's own Request/Response/... code and the harness's replay path, then time the
//         module's import (its global scope) and the first sample's measured call;
//   cron  warm Node's web APIs and the harness as for cold, then replay a job's invocations on a
//         fresh instance, again on the same one (warm), and on a third one for the heap.
import { workerEnv } from "./bindings.ts";
import { installGlobals, type Outcome, quiesce, warmHarness, warmPlatform } from "./invoke.ts";
import { type ReplayTask, replaySamples } from "./measure.ts";
import { importWorker } from "./worker-module.ts";

const task = await new Promise<ReplayTask>((resolve) => process.once("message", (m) => resolve(m as ReplayTask)));
installGlobals();
const env = workerEnv();
const send = (m: unknown) => new Promise<void>((resolve, reject) => process.send!(m, undefined, {}, (err) => (err ? reject(err) : resolve())));
const figures = (list: Outcome[]) => list.map((o) => ({ cpuMs: o.cpuMs, wallMs: o.wallMs, heapPeak: o.heapPeak }));

async function run(): Promise<unknown> {
  if (task.kind === "cold") {
    // Only the Worker's code should be cold: Node's own web APIs and the harness are warmed first.
    await warmPlatform();
    await warmHarness(env);
    await quiesce();
    const cpu0 = process.cpuUsage();
    const mod = await importWorker(task.bundle);
    const d = process.cpuUsage(cpu0);
    const {
      outcomes: [first],
    } = await replaySamples(task.bundle, env, task.specs, task.recorded, { measure: "cpu", from: 0, cache: task.cache, mod });
    return { startupMs: (d.user + d.system) / 1000, firstCallMs: first!.cpuMs!, firstCallWallMs: first!.wallMs! };
  }
  const opts = { from: task.from, cache: task.cache };
  if (task.kind === "cron") {
    // A cron job's first invocation is timed on a fresh instance: only the Worker's code should
    // be cold there, not Node's own web APIs (workerd's are native) or the harness.
    await warmPlatform();
    await warmHarness(env);
    await quiesce();
  }
  const cpu = await replaySamples(task.bundle, env, task.specs, task.recorded, { ...opts, measure: "cpu" });
  // The warm re-run: the same instance, compiled code, but its first run budgeted as the recording's was (cold).
  if (task.kind === "cron") cpu.mod.resets.forgetReseedRuns?.();
  const warm = task.kind === "cron" ? await replaySamples(task.bundle, env, task.specs, task.recorded, { ...opts, measure: "cpu", mod: cpu.mod }) : undefined;
  const heap = await replaySamples(task.bundle, env, task.specs, task.recorded, { measure: "heap", from: task.heapFrom, cache: task.cache });
  return { cpu: figures(cpu.outcomes), warm: warm && figures(warm.outcomes), heap: figures(heap.outcomes) };
}

// A failure (e.g. a replay that diverged) goes back as a message, so the harness can say why.
await send(await run().catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) })));
process.disconnect();
