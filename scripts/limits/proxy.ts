// Real local bindings for the recording phase: wrangler's getPlatformProxy on a private state
// folder (the layout `wrangler dev --persist-to <dir>` uses: <dir>/v3), D1/KV/R2 run by workerd,
// wrapped for counting and taping (./bindings.ts workerEnv).
//
// The proxy makes some calls synchronously (D1 prepare/bind) through a channel that can fail
// under load — a Miniflare assertion, "false == true" — and then stays out of step: every later
// synchronous call fails too. Such a failure is the proxy's, not the Worker's; the harness opens
// a new proxy and records again (routes) or lets the reseed resume (cron jobs).
import path from "node:path";
import { WRANGLER_ENV } from "../wrangler.ts";
import { workerEnv } from "./bindings.ts";
import type { Outcome } from "./invoke.ts";
import type { RecordedSample } from "./measure.ts";

interface PlatformProxy {
  env: { DB: unknown; RECS: unknown; SEEDS: unknown };
  dispose(): Promise<void>;
}

/** How a failure of the local proxy shows in what the Worker logged. */
export const LOCAL_FAILURE = /SynchronousFetcher|false == true/;

export const failedLocally = (o: Outcome) => o.errors.some((e) => LOCAL_FAILURE.test(e)) || o.logs.some((l) => LOCAL_FAILURE.test(l));
export const sampleFailedLocally = (s: RecordedSample) => [...s.setup, s.measured].some((o) => "errors" in o && failedLocally(o));

export class LocalBindings {
  private proxy?: PlatformProxy;
  /** The Worker's env over the current proxy (replaced by reopen()). */
  env!: ReturnType<typeof workerEnv>;

  constructor(readonly persistTo: string) {}

  async open(): Promise<this> {
    Object.assign(process.env, WRANGLER_ENV);
    const { getPlatformProxy } = await import("wrangler");
    this.proxy = (await getPlatformProxy({
      configPath: "wrangler.toml",
      persist: { path: path.join(this.persistTo, "v3") },
      remoteBindings: false,
    })) as unknown as PlatformProxy;
    this.env = workerEnv(this.proxy.env);
    return this;
  }

  /** A new proxy on the same state, after the old one failed. */
  async reopen(): Promise<this> {
    await this.close();
    return this.open();
  }

  async close(): Promise<void> {
    await this.proxy?.dispose();
    this.proxy = undefined;
  }
}
