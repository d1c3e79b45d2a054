// Runs the deploy's commands: prints each one before it runs, shows its output indented (or,
// for lookups whose output is parsed, only when it fails), and hides every secret value from
// anything printed. A failing command becomes a DeployError of one line.
import { spawn } from "node:child_process";
import path from "node:path";
import { DeployError } from "./deploy-error.ts";
import { type Argv, shown } from "./plan.ts";
import { stripAnsi } from "./wrangler-output.ts";

/** Replaces every secret value in `text` with `<hidden>`: the last guard before a terminal or log. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join("<hidden>"), text);
}

export interface RunOptions {
  /** Written to the command's stdin (then closed); never printed. */
  stdin?: string;
  /** Show the output only if the command fails (its stdout is parsed instead). */
  quiet?: boolean;
  /** Return stdout even when the command exits non-zero (its output says why, e.g. whoami --json). */
  anyExit?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface Runner {
  (argv: Argv, opts?: RunOptions): Promise<string>;
  /** Sets a variable for every later command (e.g. CLOUDFLARE_ACCOUNT_ID once resolved). */
  setEnv(name: string, value: string): void;
}

/** The line that says why a command failed: wrangler's "✘ [ERROR] ..." line, else the last line. */
export function reason(output: string): string | undefined {
  const lines = stripAnsi(output)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const error = lines.find((l) => /\[ERROR\]/.test(l));
  return (error ?? lines.at(-1))?.replace(/^✘\s*/, "").slice(0, 240);
}

const BIN_DIR = path.resolve("node_modules/.bin");
const executable = (bin: string) => (bin === "npm" ? "npm" : path.join(BIN_DIR, bin));

export function makeRunner(baseEnv: NodeJS.ProcessEnv, secrets: readonly string[], print: (line: string) => void): Runner {
  const env = { ...baseEnv };
  const show = (text: string) => {
    for (const line of redact(text, secrets).split("\n")) if (line.trim()) print(`      │ ${line.trimEnd()}`);
  };
  /** Shows a stream line by line (a chunk can end mid-line); `flush` shows the rest. */
  const lines = () => {
    let pending = "";
    return {
      push(chunk: string) {
        const parts = (pending + chunk).split("\n");
        pending = parts.pop()!;
        if (parts.length) show(parts.join("\n"));
      },
      flush: () => show(pending),
    };
  };
  const run = (argv: Argv, opts: RunOptions = {}): Promise<string> =>
    new Promise((resolve, reject) => {
      print(`    $ ${shown(argv)}${opts.stdin !== undefined ? " < (value from env, not shown)" : ""}`);
      const child = spawn(executable(argv[0]!), argv.slice(1), { env: { ...env, ...opts.env }, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      const outLines = lines();
      const errLines = lines();
      child.stdout.on("data", (b: Buffer) => {
        stdout += b;
        if (!opts.quiet) outLines.push(b.toString());
      });
      child.stderr.on("data", (b: Buffer) => {
        stderr += b;
        if (!opts.quiet) errLines.push(b.toString());
      });
      child.on("error", (err) => reject(new DeployError(`could not run \`${shown(argv)}\`: ${err.message}`)));
      child.on("close", (code) => {
        if (!opts.quiet) {
          outLines.flush();
          errLines.flush();
        }
        if (code === 0) return resolve(stdout);
        if (opts.quiet) show(`${stdout}\n${stderr}`);
        if (opts.anyExit && stdout.trim()) return resolve(stdout);
        const why = reason(redact(`${stderr}\n${stdout}`, secrets));
        reject(new DeployError(`\`${shown(argv)}\` failed (exit ${code})${why ? `: ${why}` : ""}`));
      });
      child.stdin.end(opts.stdin ?? "");
    });
  return Object.assign(run, {
    setEnv: (name: string, value: string) => {
      env[name] = value;
    },
  });
}
