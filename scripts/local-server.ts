// A private `wrangler dev` for scripts that drive the Worker over HTTP (API bench, e2e): on
// 127.0.0.1, a free port, its own --persist-to state, its log in a file, stopped as a group.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
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

export interface LocalServer { base: string; log: string; stop(): Promise<void> }

export interface LocalServerOptions {
  persistTo: string;
  /** `--var NAME:VALUE` pairs (e.g. BENCH=1). */
  vars?: Record<string, string>;
  logFile: string;
  /** A static-assets folder other than ./public (e.g. a private copy). */
  assets?: string;
  /** A fixed port; a free one by default. */
  port?: number;
}

/** Starts wrangler dev and resolves once /health answers 200 (bounded by READY_TIMEOUT_MS). */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const port = opts.port ?? (await freePort());
  const inspector = await freePort();
  const base = `http://127.0.0.1:${port}`;
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  const log = fs.openSync(opts.logFile, "w");
  const vars = Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const child = spawn(path.resolve("node_modules/.bin/wrangler"), [
    "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector),
    "--persist-to", opts.persistTo, "--show-interactive-dev-session=false", ...vars,
    ...(opts.assets ? ["--assets", opts.assets] : []),
  ], { env: WRANGLER_ENV, stdio: ["ignore", log, log], detached: true });
  const server: LocalServer = { base, log: opts.logFile, stop: () => stop(child) };
  try {
    await waitReady(base, child);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function waitReady(base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`wrangler dev did not answer ${base}/health within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Stops the process group started with `detached: true` (wrangler dev and its workerd). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ } }, 5_000);
    child.once("exit", () => { clearTimeout(timer); resolve(); });
    try { process.kill(-child.pid!, "SIGTERM"); } catch { clearTimeout(timer); resolve(); }
  });
}
