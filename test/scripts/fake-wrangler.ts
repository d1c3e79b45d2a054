// A Cloudflare account in memory, answered through wrangler 4.86's output formats
// (fixtures/wrangler-4.86.ts): what `npm run deploy`'s steps run against in the tests. It records
// every command with its stdin and env, and creates what the create commands ask for.
import fs from "node:fs";
import { type Argv, shown } from "../../scripts/deploy/plan.ts";
import type { Runner, RunOptions } from "../../scripts/deploy/runner.ts";
import * as out from "./fixtures/wrangler-4.86.ts";

export interface Call {
  line: string;
  stdin?: string;
  env: Record<string, string | undefined>;
}

export class FakeAccount {
  loggedIn = true;
  accounts = [out.ACCOUNT];
  d1: out.D1Info[] = [];
  kv: out.KvInfo[] = [];
  r2: string[] = [];
  workers = new Map<string, string>(); // name -> its workers.dev URL
  secrets = new Map<string, string>();
  calls: Call[] = [];
  /** Overrides: the stdout a command line gives instead of the simulated one. */
  canned = new Map<string, string>();
  private seq = 0;

  private nextHex(len: number): string {
    this.seq++;
    return (this.seq.toString(16).padStart(4, "0") + "ab12cd34ef56ab78cd90ef12ab34cd56ef78").slice(0, len);
  }
  private newUuid(): string {
    const h = this.nextHex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Answers one command as wrangler 4.86 would; throws as a failing command does. */
  answer(argv: Argv, opts: RunOptions = {}, env: Record<string, string | undefined> = {}): string {
    const line = shown(argv);
    this.calls.push({ line, stdin: opts.stdin, env: { ...env, ...opts.env } });
    const canned = this.canned.get(line);
    if (canned !== undefined) return canned;
    const [bin, ...a] = argv;
    const cmd = a.join(" ");
    if (bin !== "wrangler") return ""; // npm run etl / publish, tsx prepare-assets: nothing to read
    if (cmd === "whoami --json") return this.loggedIn ? out.whoamiJson(this.accounts) : out.WHOAMI_NOT_LOGGED_IN;
    if (cmd === "d1 list --json") return out.d1ListJson(this.d1);
    if (cmd === "kv namespace list") return out.kvListJson(this.kv);
    if (cmd === "r2 bucket list") return out.r2List(this.r2);
    if (a[0] === "d1" && a[1] === "create") {
      const db = { uuid: this.newUuid(), name: a[2]! };
      this.d1.push(db);
      return out.d1CreateToml(db.name, db.uuid);
    }
    if (a[0] === "kv" && a[2] === "create") {
      const ns = { id: this.nextHex(32), title: a[3]! };
      this.kv.push(ns);
      return out.kvCreateToml(ns.title, ns.id);
    }
    if (a[0] === "r2" && a[2] === "create") {
      this.r2.push(a[3]!);
      return out.r2Create(a[3]!);
    }
    if (a[0] === "deploy") {
      const config = JSON.parse(fs.readFileSync(a[a.indexOf("--config") + 1]!, "utf8").replace(/^\/\/.*$/gm, ""));
      const url = `https://${config.name}.ana-films.workers.dev`;
      this.workers.set(config.name, url);
      const targets = [url, "schedule: 30 3 * * *"];
      const file = opts.env?.WRANGLER_OUTPUT_FILE_PATH;
      if (file) fs.writeFileSync(file, out.deployOutputFile(config.name, targets));
      return out.deployStdout(config.name, targets);
    }
    if (a[0] === "secret" && a[1] === "put") {
      this.secrets.set(a[2]!, opts.stdin ?? "");
      return `\n ⛅️ wrangler 4.86.0\n───────────────────\n🌀 Creating the secret for the Worker "movies-edge-api" \n✨ Success! Uploaded secret ${a[2]}\n`;
    }
    if (a[0] === "d1" && a[1] === "migrations") return "✅ No migrations to apply!\n";
    throw new Error(`fake wrangler: no answer for ${line}`);
  }

  /** A Runner (scripts/deploy/runner.ts) over this account; `say` gets what the real one prints. */
  runner(say: (line: string) => void = () => {}): Runner {
    const env: Record<string, string | undefined> = {};
    const run = async (argv: Argv, opts: RunOptions = {}) => {
      say(`    $ ${shown(argv)}`);
      return this.answer(argv, opts, env);
    };
    return Object.assign(run, {
      setEnv: (k: string, v: string) => {
        env[k] = v;
      },
    });
  }

  commandLines(): string[] {
    return this.calls.map((c) => c.line);
  }
}
