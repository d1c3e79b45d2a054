// Finds each resource by name, or creates it: the account first, then D1, KV and R2. Run twice,
// it finds what the first run created (idempotent). Commands go through `Run`, so the tests feed
// wrangler's real output formats without an account or a network.
import type { ResourceNames } from "./config.ts";
import { DeployError } from "./deploy-error.ts";
import { type Argv, commands } from "./plan.ts";
import type { RunOptions } from "./runner.ts";
import {
  type Account,
  type D1Database,
  type KvNamespace,
  parseD1Create,
  parseD1List,
  parseKvCreate,
  parseKvList,
  parseR2List,
  parseWhoami,
} from "./wrangler-output.ts";

/** Runs one command (printing it) and returns its stdout; throws if it fails. */
export type Run = (argv: Argv, opts?: RunOptions) => Promise<string>;
/** Lookups and creations: their stdout is read here, so it is shown only if they fail. */
const QUIET: RunOptions = { quiet: true };
/** One line of progress for the user. */
export type Say = (line: string) => void;

/**
 * The account every later command acts on: CLOUDFLARE_ACCOUNT_ID if set (it must be one the
 * credentials reach), else the only one they reach. With several, wrangler would prompt, and a
 * script must not: it asks for CLOUDFLARE_ACCOUNT_ID instead.
 */
export async function resolveAccount(run: Run, say: Say, envAccountId: string | undefined): Promise<Account> {
  // Not logged in, it exits 1 after printing {"loggedIn":false}: that answer is read, not thrown.
  const who = parseWhoami(await run(commands.whoami(), { ...QUIET, anyExit: true }));
  if (!who.loggedIn) throw new DeployError("wrangler is not logged in: run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID)");
  say(`logged in with an ${who.authType ?? "unknown kind of token"}${who.email ? ` (${who.email})` : ""}`);
  if (envAccountId) {
    const account = who.accounts.find((a) => a.id === envAccountId);
    // An account-scoped API token may not list its account: trust the variable then.
    if (!account && who.accounts.length) {
      throw new DeployError(
        `CLOUDFLARE_ACCOUNT_ID=${envAccountId} is none of the accounts these credentials reach: ${who.accounts.map((a) => `${a.name} (${a.id})`).join(", ")}`,
      );
    }
    return account ?? { id: envAccountId, name: "(from CLOUDFLARE_ACCOUNT_ID)" };
  }
  if (who.accounts.length === 1) return who.accounts[0]!;
  if (!who.accounts.length) throw new DeployError("these credentials reach no account: set CLOUDFLARE_ACCOUNT_ID");
  throw new DeployError(
    `these credentials reach ${who.accounts.length} accounts; set CLOUDFLARE_ACCOUNT_ID to one of: ${who.accounts.map((a) => `${a.id} (${a.name})`).join(", ")}`,
  );
}

/** Exactly one match by exact name, none, or an error: two resources of one name are ambiguous. */
function single<T>(matches: T[], what: string, ids: (t: T) => string): T | undefined {
  if (matches.length > 1) {
    throw new DeployError(`${matches.length} ${what} share that name (${matches.map(ids).join(", ")}): delete or rename all but one, then deploy again`);
  }
  return matches[0];
}

export interface Resolved {
  id: string;
  created: boolean;
}

/** Finds the one resource of this name (listing them), or creates it; `kind` names it in messages. */
async function findOrCreate<T>(
  run: Run,
  say: Say,
  kind: string,
  name: string,
  list: { argv: Argv; parse: (stdout: string) => T[]; nameOf: (t: T) => string; idOf: (t: T) => string },
  create: { argv: Argv; parse: (stdout: string, name: string) => string },
): Promise<Resolved> {
  const matches = list.parse(await run(list.argv, QUIET)).filter((t) => list.nameOf(t) === name);
  const found = single(matches, `${kind}s ${kind === "KV namespace" ? "titled" : "named"} "${name}"`, list.idOf);
  if (found) {
    say(`found ${kind} ${name}: ${list.idOf(found)}`);
    return { id: list.idOf(found), created: false };
  }
  const id = create.parse(await run(create.argv, QUIET), name);
  say(`created ${kind} ${name}: ${id}`);
  return { id, created: true };
}

export function resolveD1(run: Run, say: Say, { d1: { name } }: ResourceNames): Promise<Resolved> {
  const list = { argv: commands.d1List(), parse: parseD1List, nameOf: (d: D1Database) => d.name, idOf: (d: D1Database) => d.uuid };
  return findOrCreate(run, say, "D1 database", name, list, { argv: commands.d1Create(name), parse: parseD1Create });
}

export function resolveKv(run: Run, say: Say, { kv: { title } }: ResourceNames): Promise<Resolved> {
  const list = { argv: commands.kvList(), parse: parseKvList, nameOf: (n: KvNamespace) => n.title, idOf: (n: KvNamespace) => n.id };
  return findOrCreate(run, say, "KV namespace", title, list, { argv: commands.kvCreate(title), parse: parseKvCreate });
}

/** An R2 bucket is addressed by its name: nothing to resolve but whether it exists. */
export async function resolveR2(run: Run, say: Say, names: ResourceNames): Promise<{ created: boolean }> {
  const { bucket } = names.r2;
  if (parseR2List(await run(commands.r2List(), QUIET)).includes(bucket)) {
    say(`found R2 bucket ${bucket}`);
    return { created: false };
  }
  const out = await run(commands.r2Create(bucket), QUIET);
  if (!out.includes(`Created bucket '${bucket}'`)) throw new DeployError(`\`wrangler r2 bucket create ${bucket}\` did not report "Created bucket '${bucket}'"`);
  say(`created R2 bucket ${bucket}`);
  return { created: true };
}
