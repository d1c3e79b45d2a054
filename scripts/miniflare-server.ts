// The Worker served on 127.0.0.1 through Miniflare's own API: the workerd runtime `wrangler dev`
// uses, without its development proxy (which, not the Worker, capped local throughput).
//
// Nothing is configured twice: the bindings (D1, KV, R2, the rate limiter, vars, .dev.vars), the
// static assets (directory, html_handling, public/_headers), the compatibility date and flags
// come from wrangler.toml through wrangler's own config -> Miniflare mapping
// (unstable_getMiniflareWorkerOptions), and the state lives where `wrangler dev`, `wrangler d1
// execute --local` and `npm run publish -- --local` keep theirs (<persistTo>/v3), with the same
// ids (the binding name when wrangler.toml has no id). The Worker's TypeScript is bundled by
// esbuild first (wrangler does the same before handing a script to Miniflare).
//
// The cron trigger: a request to CRON_PATH (or Miniflare's own /cdn-cgi/handler/scheduled) runs
// the Worker's real `scheduled` handler and answers with its outcome. Miniflare's built-in
// trigger cannot be used: with static assets in front it calls `scheduled` on the assets router,
// which has none, and answers 500 "exception" (workers-sdk #9882, fixed after the pinned
// miniflare). So a small second worker owns those paths and calls the Worker's handlers through
// a service binding to a named entrypoint (a binding without one also lands on the assets router).
//
// Speed: the Worker's own path prefixes that no static file can answer are Miniflare routes of
// the Worker, which skip the assets layer's three extra workers (./direct-routes.ts); every
// other request goes through it as on Cloudflare.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { Log, LogLevel, Miniflare, type WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "wrangler";
import { directPrefixes } from "./direct-routes.ts";
import { loadWorkerApp } from "./worker-app.ts";
import { WRANGLER_ENV } from "./wrangler.ts";

/** The path that runs the cron trigger, as `wrangler dev --test-scheduled` names it. */
export const CRON_PATH = "/__scheduled";
const MINIFLARE_CRON_PATH = "/cdn-cgi/handler/scheduled";

/**
 * Vars only a local server sets, on top of wrangler.toml's. Local KV is strongly consistent, so
 * the reseed need not wait for KV writes to propagate before switching versions.
 */
export const LOCAL_VARS: Readonly<Record<string, string>> = { KV_SETTLE_SECONDS: "0" };

export interface MiniflareServerOptions {
  /** wrangler config file (default wrangler.toml). */
  config?: string;
  /** Like `wrangler dev --persist-to`: D1, KV, R2 and cache live in <persistTo>/v3. */
  persistTo?: string;
  /** A static-assets folder other than wrangler.toml's (e.g. a private copy of public/). */
  assets?: string;
  /** 0 (default): a free port. */
  port?: number;
  /** Extra vars (e.g. BENCH=1, RATE_LIMIT_LOCAL=1), over LOCAL_VARS and wrangler.toml's. */
  vars?: Record<string, string>;
  /** One log line per request, as wrangler dev prints them. */
  logRequests?: boolean;
  /** Where Miniflare's log and the Worker's console output go (default: this terminal). */
  logFile?: string;
  /**
   * false: every request goes through the assets layer, as under `wrangler dev` (default true:
   * the Worker's own paths go straight to it, see ./direct-routes.ts). For comparisons.
   */
  directRoutes?: boolean;
}

export interface MiniflareServer {
  base: string;
  /** The URL that runs the first cron trigger of wrangler.toml. */
  cronUrl: string;
  crons: string[];
  stop(): Promise<void>;
}

/** wrangler.toml as wrangler reads it (no telemetry, no network). */
export function readWranglerConfig(file = "wrangler.toml") {
  Object.assign(process.env, WRANGLER_ENV);
  return unstable_readConfig({ config: file }, { hideWarnings: true });
}

/** The local cron URL for `cron` on a server at `base`. */
export const cronUrlFor = (base: string, cron: string) => `${base}${CRON_PATH}?${new URLSearchParams({ cron })}`;

// Runs in workerd. GET/POST <CRON_PATH>?cron=<expr>: the Worker's scheduled handler, then its
// outcome and the live version (what the run left behind), 200 when the handler returned.
const CRON_WORKER = `
const PATHS = ${JSON.stringify([CRON_PATH, MINIFLARE_CRON_PATH])};
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    // Routes match a path prefix (the query string is part of what they match): anything else
    // under it is the Worker's.
    if (!PATHS.includes(url.pathname)) return env.WORKER.fetch(request);
    if (request.method !== "GET" && request.method !== "POST") {
      return Response.json({ error: { code: "method_not_allowed", message: "use GET or POST" } }, { status: 405, headers: { Allow: "GET, POST" } });
    }
    const cron = url.searchParams.get("cron") ?? env.CRONS[0] ?? "";
    const time = Number(url.searchParams.get("time") ?? Date.now());
    const started = Date.now();
    const result = await env.WORKER.scheduled({ cron, scheduledTime: new Date(time) });
    const duration_ms = Date.now() - started;
    const version = await env.WORKER.fetch(new Request(new URL("/version", url)));
    const body = { outcome: result.outcome, cron, duration_ms, version: await version.json().catch(() => null) };
    return Response.json(body, { status: result.outcome === "ok" ? 200 : 500, headers: { "Cache-Control": "no-store" } });
  },
};`;

/**
 * The name under which the bundle also exports the Worker's handlers, for the cron worker's
 * service binding (a binding to the default entrypoint would land on the assets router).
 */
const CRON_ENTRYPOINT = "localCron";

/**
 * The Worker's entry bundled to one ES module, as wrangler would before starting it. The bundle
 * exports the entry's default handlers unchanged, plus the same object as CRON_ENTRYPOINT.
 */
async function bundleWorker(main: string, define: Record<string, string>, outDir: string): Promise<string> {
  const outfile = path.join(outDir, "worker.js");
  const entry = JSON.stringify(main);
  await build({
    stdin: {
      contents: `export { default } from ${entry};\nexport { default as ${CRON_ENTRYPOINT} } from ${entry};\n`,
      resolveDir: path.dirname(main),
      sourcefile: "local-entry.js",
    },
    outfile,
    bundle: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: ["cloudflare:*", "node:*"],
    define,
    sourcemap: "linked",
    logLevel: "warning",
  });
  return outfile;
}

/** A Log that appends to a file instead of the terminal. */
class FileLog extends Log {
  constructor(
    level: LogLevel,
    private readonly fd: number,
  ) {
    super(level);
  }
  protected override log(message: string): void {
    fs.writeSync(this.fd, `${message}\n`);
  }
}

/** Starts the Worker; resolves when it accepts requests. */
export async function startMiniflareServer(opts: MiniflareServerOptions = {}): Promise<MiniflareServer> {
  const config = readWranglerConfig(opts.config);
  const assetsDir = opts.assets ?? (config.assets?.directory ? path.resolve(path.dirname(config.configPath ?? "."), config.assets.directory) : undefined);
  const { workerOptions, define, main } = unstable_getMiniflareWorkerOptions(config, undefined, {
    overrides: assetsDir ? { assets: { directory: path.resolve(assetsDir) } } : undefined,
  });
  if (!main) throw new Error(`${opts.config ?? "wrangler.toml"} has no \`main\``);
  const crons = config.triggers.crons ?? [];

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "movies-worker-"));
  const logFd = opts.logFile ? fs.openSync(opts.logFile, "a") : undefined;
  let mf: Miniflare | undefined;
  try {
    const [scriptPath, direct] = await Promise.all([
      bundleWorker(main, define, tmp),
      assetsDir && opts.directRoutes !== false
        ? loadWorkerApp().then((app) =>
            directPrefixes(
              app.routes.map((r) => r.path),
              assetsDir,
              config.assets,
            ),
          )
        : [],
    ]);
    const worker: WorkerOptions = {
      ...(workerOptions as WorkerOptions),
      name: config.name,
      modules: true,
      scriptPath,
      modulesRoot: tmp, // module names are paths relative to it
      bindings: { ...workerOptions.bindings, ...LOCAL_VARS, ...opts.vars },
      // Miniflare sends a request matching a route straight to the Worker, not the assets layer.
      routes: [...(workerOptions.routes ?? []), ...direct.map((prefix) => `*${prefix}*`)],
    };
    const cronWorker: WorkerOptions = {
      name: `${config.name}-local-cron`,
      modules: true,
      script: CRON_WORKER,
      compatibilityDate: config.compatibility_date,
      // Fetcher.scheduled() on a service binding.
      compatibilityFlags: ["service_binding_extra_handlers"],
      routes: [`*${CRON_PATH}*`, `*${MINIFLARE_CRON_PATH}*`],
      bindings: { CRONS: crons },
      serviceBindings: { WORKER: { name: config.name!, entrypoint: CRON_ENTRYPOINT } },
    };
    const logLevel = opts.logRequests ? LogLevel.INFO : LogLevel.WARN;
    mf = new Miniflare({
      host: "127.0.0.1",
      port: opts.port ?? 0,
      defaultPersistRoot: path.resolve(opts.persistTo ?? ".wrangler/state", "v3"),
      logRequests: opts.logRequests ?? false,
      log: logFd === undefined ? new Log(logLevel) : new FileLog(logLevel, logFd),
      ...(logFd === undefined
        ? {}
        : {
            handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
              for (const stream of [stdout, stderr]) stream.on("data", (chunk: Buffer) => fs.writeSync(logFd, chunk));
            },
          }),
      // The Worker first: it gets every request the cron worker's routes do not claim.
      workers: [worker, cronWorker],
    });
    const url = await mf.ready;
    const base = url.origin;
    const server = mf;
    return {
      base,
      crons,
      cronUrl: cronUrlFor(base, crons[0] ?? ""),
      async stop() {
        await server.dispose();
        if (logFd !== undefined) fs.closeSync(logFd);
        fs.rmSync(tmp, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await mf?.dispose().catch(() => undefined);
    if (logFd !== undefined) fs.closeSync(logFd);
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
