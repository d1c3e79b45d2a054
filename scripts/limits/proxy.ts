// Real local bindings for the recording phase: wrangler's getPlatformProxy on a private state
// folder (the layout `wrangler dev --persist-to <dir>` uses: <dir>/v3), D1/KV/R2 run by workerd.
import path from "node:path";
import { WRANGLER_ENV } from "../wrangler.ts";

export interface LocalProxy { env: { DB: unknown; RECS: unknown; SEEDS: unknown }; dispose(): Promise<void> }

export async function openProxy(persistTo: string): Promise<LocalProxy> {
  Object.assign(process.env, WRANGLER_ENV);
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy({ configPath: "wrangler.toml", persist: { path: path.join(persistTo, "v3") }, remoteBindings: false });
  return proxy as unknown as LocalProxy;
}
