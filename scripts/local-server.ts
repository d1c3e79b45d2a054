// A private local server for scripts that drive the Worker over HTTP (API bench, browser tests):
// on 127.0.0.1, a free port, its own persisted state, its log in a file. By default it is the
// Worker on Miniflare's API (./miniflare-server.ts, what `npm start` serves); `wrangler dev` (what
// `npm run dev` serves) is kept for the bench's comparison floor.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { CRON_PATH, cronUrlFor, LOCAL_VARS, readWranglerConfig, startMiniflareServer } from "./miniflare-server.ts";
import { WRANGLER_ENV } from "./wrangler.ts";

const READY_TIMEOUT_MS = 120_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type Runtime = "miniflare" | "wrangler-dev";

export interface LocalServer {
  base: string;
  /** The URL that runs the Worker's cron trigger. */
  cronUrl: string;
  runtime: Runtime;
  log: string;
  /**
   * The process whose tree serves it when that is not simply the one listening on its port
   * (`wrangler dev`: a proxy workerd listens, another workerd runs the Worker); for the
   * bench's CPU accounting (./proc-cpu.ts).
   */
  rootPid?: number;
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  /** Its local state (D1, KV, R2 in <persistTo>/v3), as `wrangler --persist-to`. */
  persistTo: string;
  /** Vars on top of wrangler.toml's and LOCAL_VARS (e.g. BENCH=1). */
  vars?: Record<string, string>;
  logFile: string;
  /** A static-assets folder other than ./public (e.g. a private copy). */
  assets?: string;
  /** A fixed port; a free one by default. */
  port?: number;
  /** miniflare (default) or wrangler-dev. */
  runtime?: Runtime;
  /** miniflare: false sends every request through the assets layer (./direct-routes.ts). */
  directRoutes?: boolean;
}

/** Starts the server and resolves once /health answers 200 (bounded by READY_TIMEOUT_MS). */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  fs.writeFileSync(opts.logFile, "");
  const runtime = opts.runtime ?? "miniflare";
  const server = runtime === "miniflare" ? await startMiniflare(opts) : await startWranglerDev(opts);
  try {
    await waitReady(server.base, server.exited);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { base: server.base, cronUrl: server.cronUrl, runtime, log: opts.logFile, rootPid: server.rootPid, stop: server.stop };
}

interface Started {
  base: string;
  cronUrl: string;
  rootPid?: number;
  stop(): Promise<void>;
  exited(): string | undefined;
}

async function startMiniflare(opts: LocalServerOptions): Promise<Started> {
  const s = await startMiniflareServer({
    persistTo: opts.persistTo,
    assets: opts.assets,
    port: opts.port,
    vars: opts.vars,
    logFile: opts.logFile,
    directRoutes: opts.directRoutes,
  });
  return { base: s.base, cronUrl: s.cronUrl, stop: s.stop, exited: () => undefined };
}

/** `wrangler dev` with the same vars, and --test-scheduled so the same cron URL works. */
async function startWranglerDev(opts: LocalServerOptions): Promise<Started> {
  const port = opts.port ?? (await freePort());
  const inspector = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = fs.openSync(opts.logFile, "a");
  const vars = Object.entries({ ...LOCAL_VARS, ...opts.vars }).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(
    path.resolve("node_modules/.bin/wrangler"),
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      opts.persistTo,
      "--show-interactive-dev-session=false",
      "--test-scheduled",
      ...vars,
      ...(opts.assets ? ["--assets", opts.assets] : []),
    ],
    { env: WRANGLER_ENV, stdio: ["ignore", log, log], detached: true },
  );
  fs.closeSync(log);
  const crons = readWranglerConfig().triggers.crons ?? [];
  return {
    base,
    cronUrl: crons[0] ? cronUrlFor(base, crons[0]) : `${base}${CRON_PATH}`,
    rootPid: child.pid,
    stop: () => stopGroup(child),
    exited: () => (child.exitCode !== null ? `wrangler dev exited with ${child.exitCode} before it was ready` : undefined),
  };
}

async function waitReady(base: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(gone);
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the local server did not answer ${base}/health within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Stops the process group started with `detached: true` (wrangler dev and its workerd). */
function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
