// Runs the project's wrangler with the environment every local script needs: no telemetry and
// no Cloudflare network calls (local D1/KV only, no account).
import { type SpawnOptions, spawn, spawnSync } from "node:child_process";
import path from "node:path";

export const WRANGLER_ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  CI: process.env.CI ?? "true", // no interactive prompts (e.g. "apply migrations?")
};
const BIN = path.resolve("node_modules/.bin/wrangler");

/** Runs wrangler to completion; throws with its output if it fails. */
export function wrangler(args: string[], opts: { quiet?: boolean } = {}): string {
  const res = spawnSync(BIN, args, { env: WRANGLER_ENV, encoding: "utf8", maxBuffer: 256 * 2 ** 20 });
  if (res.status !== 0) {
    throw new Error(`wrangler ${args.join(" ")} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
  if (!opts.quiet)
    process.stderr.write(
      res.stdout
        .split("\n")
        .filter((l) => l.trim())
        .slice(-3)
        .map((l) => `    ${l}\n`)
        .join(""),
    );
  return res.stdout;
}

/** Starts a long-running wrangler (e.g. `dev`) attached to this terminal. */
export function wranglerSpawn(args: string[], opts: SpawnOptions = {}) {
  return spawn(BIN, args, { env: WRANGLER_ENV, stdio: "inherit", ...opts });
}
