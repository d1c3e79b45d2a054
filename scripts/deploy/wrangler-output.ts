// Reads what wrangler 4.86 prints for the commands `npm run deploy` runs. Each format is taken
// from wrangler's own source (node_modules/wrangler/wrangler-dist/cli.js; readable in
// cloudflare/workers-sdk at tag wrangler@4.86.0, packages/wrangler/src) and its tests' snapshots;
// test/scripts/fixtures/wrangler-4.86.ts holds one sample of each, with where it comes from.
// Anything that does not have the expected shape is a DeployError naming the command, never a
// guess: a wrong id would deploy against someone else's data.
import { DeployError } from "./deploy-error.ts";

export interface Account {
  id: string;
  name: string;
}
export interface WhoAmI {
  loggedIn: boolean;
  authType?: string;
  email?: string;
  accounts: Account[];
}
export interface D1Database {
  uuid: string;
  name: string;
}
export interface KvNamespace {
  id: string;
  title: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the ANSI colour codes stripped here
const ANSI = /\u001b\[[0-9;]*m/g;
export const stripAnsi = (s: string) => s.replace(ANSI, "");

const unreadable = (command: string, why: string, output: string) => {
  const first =
    stripAnsi(output)
      .split("\n")
      .map((l) => l.trim())
      .find(Boolean) ?? "(no output)";
  return new DeployError(`could not read the output of \`${command}\` (${why}); it began: ${first.slice(0, 160)}`);
};

/**
 * The JSON document in a command's stdout. wrangler prints JSON alone when asked (--json, or
 * `kv namespace list`), but a blank line or a notice may come first: take the first line that
 * opens a JSON value and parse from there to the end.
 */
export function jsonIn(stdout: string, command: string): unknown {
  const lines = stripAnsi(stdout).split("\n");
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trimStart();
    if (!t.startsWith("{") && !t.startsWith("[")) continue;
    try {
      return JSON.parse(lines.slice(i).join("\n"));
    } catch {
      // a line such as "[WARNING] ..." opens no JSON value: try the next one
    }
  }
  throw unreadable(command, "expected JSON", stdout);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** `wrangler whoami --json` (src/user/whoami.ts `whoami(..., json)`): `{loggedIn, authType, email, accounts}`. */
export function parseWhoami(stdout: string): WhoAmI {
  const cmd = "wrangler whoami --json";
  const v = jsonIn(stdout, cmd);
  if (!isRecord(v) || typeof v.loggedIn !== "boolean") throw unreadable(cmd, "expected {loggedIn, ...}", stdout);
  if (!v.loggedIn) return { loggedIn: false, accounts: [] };
  if (!Array.isArray(v.accounts) || !v.accounts.every((a) => isRecord(a) && str(a.id) && typeof a.name === "string")) {
    throw unreadable(cmd, "expected accounts: [{id, name}]", stdout);
  }
  return {
    loggedIn: true,
    authType: typeof v.authType === "string" ? v.authType : undefined,
    email: typeof v.email === "string" ? v.email : undefined,
    accounts: (v.accounts as Record<string, string>[]).map((a) => ({ id: a.id!, name: a.name! })),
  };
}

/** `wrangler d1 list --json` (src/d1/list.ts): the API's database objects, `[{uuid, name, ...}]`. */
export function parseD1List(stdout: string): D1Database[] {
  const cmd = "wrangler d1 list --json";
  const v = jsonIn(stdout, cmd);
  if (!Array.isArray(v) || !v.every((d) => isRecord(d) && str(d.uuid) && str(d.name))) {
    throw unreadable(cmd, "expected [{uuid, name, ...}]", stdout);
  }
  return v.map((d) => ({ uuid: d.uuid as string, name: d.name as string }));
}

/** A UUID as D1 issues them. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `wrangler d1 create <name>` (src/d1/create.ts): "✅ Successfully created DB '<name>' ...", then
 * the config snippet in the config's format (src/utils/add-created-resource-config.ts): TOML
 * `database_id = "<uuid>"` for wrangler.toml, JSON `"database_id": "<uuid>"` otherwise.
 */
export function parseD1Create(stdout: string, name: string): string {
  const cmd = `wrangler d1 create ${name}`;
  const text = stripAnsi(stdout);
  const created = /Successfully created DB '([^']+)'/.exec(text);
  if (!created) throw unreadable(cmd, 'no "Successfully created DB" line', stdout);
  if (created[1] !== name) throw new DeployError(`\`${cmd}\` reports it created '${created[1]}', not '${name}'`);
  const ids = [...text.matchAll(/"?database_id"?\s*[=:]\s*"([^"]+)"/g)].map((m) => m[1]!);
  if (ids.length !== 1 || !UUID.test(ids[0]!)) throw unreadable(cmd, 'expected one database_id = "<uuid>" in its snippet', stdout);
  return ids[0]!;
}

/** `wrangler kv namespace list` (src/kv/index.ts): always JSON, `[{id, title, ...}]`. */
export function parseKvList(stdout: string): KvNamespace[] {
  const cmd = "wrangler kv namespace list";
  const v = jsonIn(stdout, cmd);
  if (!Array.isArray(v) || !v.every((n) => isRecord(n) && str(n.id) && typeof n.title === "string")) {
    throw unreadable(cmd, "expected [{id, title, ...}]", stdout);
  }
  return v.map((n) => ({ id: n.id as string, title: n.title as string }));
}

/** A KV namespace id: 32 hex digits. */
const KV_ID = /^[0-9a-f]{32}$/i;

/**
 * `wrangler kv namespace create <title>` (src/kv/index.ts): `🌀 Creating namespace with title
 * "<title>"`, "✨ Success!", then the snippet: TOML `id = "<id>"` or JSON `"id": "<id>"`.
 */
export function parseKvCreate(stdout: string, title: string): string {
  const cmd = `wrangler kv namespace create ${title}`;
  const text = stripAnsi(stdout);
  const creating = /Creating namespace with title "([^"]+)"/.exec(text);
  if (!creating || !/Success!/.test(text)) throw unreadable(cmd, 'no "Creating namespace ... Success!" lines', stdout);
  if (creating[1] !== title) throw new DeployError(`\`${cmd}\` reports the title "${creating[1]}", not "${title}"`);
  const ids = [...text.matchAll(/^\s*"?id"?\s*[=:]\s*"([^"]+)"/gm)].map((m) => m[1]!);
  if (ids.length !== 1 || !KV_ID.test(ids[0]!)) throw unreadable(cmd, 'expected one id = "<32 hex digits>" in its snippet', stdout);
  return ids[0]!;
}

/**
 * `wrangler r2 bucket list` (src/r2/bucket.ts): "Listing buckets...", then one block of
 * labelled values per bucket (`name:  <name>` / `creation_date:  <date>`), blank line between.
 * It has no JSON form in 4.86.
 */
export function parseR2List(stdout: string): string[] {
  const cmd = "wrangler r2 bucket list";
  const lines = stripAnsi(stdout).split("\n");
  const start = lines.findIndex((l) => l.trim() === "Listing buckets...");
  if (start < 0) throw unreadable(cmd, 'no "Listing buckets..." line', stdout);
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^name:\s+(\S+)\s*$/.exec(line.trim());
    if (m) names.push(m[1]!);
    else if (line.trim() && !/^creation_date:/.test(line.trim())) throw unreadable(cmd, `unexpected line "${line.trim()}"`, stdout);
  }
  return names;
}

/**
 * The workers.dev URL of a `wrangler deploy`. Preferred: the "deploy" entry wrangler writes to
 * WRANGLER_OUTPUT_FILE_PATH (ND-JSON, src/output.ts; `targets` as in its deploy/core.test.ts).
 * Else stdout (src/triggers/deploy.ts): "Deployed <name> triggers (<s> sec)" followed by one
 * indented line per target, the workers.dev one with its https:// prefix.
 */
export function parseDeployUrl(stdout: string, outputFile?: string): string {
  const isWorkersDev = (t: string) => /^https:\/\/[a-z0-9.-]+\.workers\.dev$/i.test(t);
  for (const line of (outputFile ?? "").split("\n").filter((l) => l.trim())) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // the file is wrangler's, not ours: an odd line is not the deploy entry
    }
    if (isRecord(entry) && entry.type === "deploy" && Array.isArray(entry.targets)) {
      const url = entry.targets.find((t): t is string => typeof t === "string" && isWorkersDev(t));
      if (url) return url;
    }
  }
  const lines = stripAnsi(stdout).split("\n");
  const at = lines.findIndex((l) => /^Deployed \S+ triggers/.test(l.trim()));
  if (at < 0) throw unreadable("wrangler deploy", 'no "Deployed <name> triggers" line', stdout);
  for (const line of lines.slice(at + 1)) {
    if (!/^\s/.test(line)) break; // targets are indented; "Current Version ID: ..." ends them
    if (isWorkersDev(line.trim())) return line.trim();
  }
  throw new DeployError("`wrangler deploy` listed no workers.dev URL: is workers_dev disabled in wrangler.toml?");
}
