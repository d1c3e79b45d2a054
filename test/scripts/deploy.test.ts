// `npm run deploy` without an account: its parsers on wrangler 4.86's output formats
// (fixtures/wrangler-4.86.ts says where each comes from), find-or-create on a simulated account,
// the printed plan, the whole run with fake wrangler and HTTP, and that no secret leaks.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deployConfigText, pinnedIds, type RawConfig, resourceNames } from "../../scripts/deploy/config.ts";
import { DeployError } from "../../scripts/deploy/deploy-error.ts";
import { type Context, execute } from "../../scripts/deploy/execute.ts";
import { ADMIN_TOKEN_SHOWN, type PlanInput, planSteps, renderPlan, shown } from "../../scripts/deploy/plan.ts";
import { resolveAccount, resolveD1, resolveKv, resolveR2 } from "../../scripts/deploy/resolve.ts";
import { reason, redact } from "../../scripts/deploy/runner.ts";
import { type Answer, type Clock, type Http, readVersion, waitForLoad } from "../../scripts/deploy/smoke.ts";
import { parseD1Create, parseD1List, parseDeployUrl, parseKvCreate, parseKvList, parseR2List, parseWhoami } from "../../scripts/deploy/wrangler-output.ts";
import { localStorageIdentity, tableArrays } from "../../scripts/wrangler-config.ts";
import { FakeAccount } from "./fake-wrangler.ts";
import * as out from "./fixtures/wrangler-4.86.ts";

const UUID = "6f4b1a2c-93d8-4e57-b0a1-2c3d4e5f6a7b";
const KV_ID = "9f0e2d1c3b4a59687766554433221100";
const WRANGLER_TOML = fs.readFileSync("wrangler.toml", "utf8");
/** wrangler.toml as wrangler itself reads it. */
async function rawConfig(): Promise<RawConfig> {
  const { experimental_readRawConfig } = await import("wrangler");
  return experimental_readRawConfig({ config: "wrangler.toml" }).rawConfig as RawConfig;
}
const NAMES = {
  worker: "movies-edge-api",
  d1: { binding: "DB", name: "movies" },
  kv: { binding: "RECS", title: "movies-edge-api-recs" },
  r2: { binding: "SEEDS", bucket: "movie-seeds" },
};
const quiet = () => {};
/** What resolving D1, KV and R2 runs on an account that has none of them: each list, then each create. */
const CREATE_ALL = [
  "npx wrangler d1 list --json",
  "npx wrangler d1 create movies",
  "npx wrangler kv namespace list",
  "npx wrangler kv namespace create movies-edge-api-recs",
  "npx wrangler r2 bucket list",
  "npx wrangler r2 bucket create movie-seeds",
];
const rejection = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeployError);
  return (err as DeployError).message;
};

describe("wrangler.toml", () => {
  it("commits no D1 or KV id: the deploy resolves them by name", () => {
    const keys = (section: string) =>
      tableArrays(WRANGLER_TOML, section)
        .flat()
        .map((l) => l.split("=")[0]!.trim());
    expect(keys("d1_databases")).toContain("database_name");
    expect(keys("d1_databases")).not.toContain("database_id");
    expect(keys("kv_namespaces")).toContain("binding");
    expect(keys("kv_namespaces")).not.toContain("id");
  });

  it("names the resources the deploy looks up, as wrangler reads it", async () => {
    const raw = await rawConfig();
    expect(resourceNames(raw)).toEqual(NAMES);
    expect(pinnedIds(raw)).toEqual([]);
  });

  it("a local load is keyed to the D1/KV tables: an id added or removed changes it, a comment does not", () => {
    const base = localStorageIdentity(WRANGLER_TOML);
    expect(localStorageIdentity(WRANGLER_TOML.replace('binding = "RECS"', 'binding = "RECS"\nid = "00000000000000000000000000000000"'))).not.toBe(base);
    expect(localStorageIdentity(WRANGLER_TOML.replace('database_name = "movies"', 'database_name = "movies"\ndatabase_id = "x"'))).not.toBe(base);
    expect(localStorageIdentity(WRANGLER_TOML.replace('binding = "RECS"', '# a note\nbinding = "RECS"'))).toBe(base);
  });
});

describe("the generated config", () => {
  it("is wrangler.toml plus the resolved ids, and wrangler reads it back as such", async () => {
    const raw = await rawConfig();
    const text = deployConfigText(raw, { accountId: out.ACCOUNT.id, d1: UUID, kv: KV_ID });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-config-"));
    try {
      const file = path.join(dir, "wrangler.deploy.jsonc");
      fs.writeFileSync(file, text);
      const { experimental_readRawConfig } = await import("wrangler");
      const back = experimental_readRawConfig({ config: file }).rawConfig as RawConfig;
      expect(back.account_id).toBe(out.ACCOUNT.id);
      expect(back.d1_databases).toEqual([{ ...raw.d1_databases![0], database_id: UUID }]);
      expect(back.kv_namespaces).toEqual([{ ...raw.kv_namespaces![0], id: KV_ID }]);
      // Everything else unchanged: same relative main / assets / migrations_dir, same bindings.
      const { account_id: _a, d1_databases: _d, kv_namespaces: _k, ...rest } = back;
      const { d1_databases: _d2, kv_namespaces: _k2, ...rawRest } = raw;
      expect(rest).toEqual(rawRest);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the dry run's variant carries no id at all", async () => {
    const text = deployConfigText(await rawConfig());
    expect(text).not.toMatch(/database_id|"id"|account_id/);
  });

  it("a wrangler.toml without the DB binding or its database_name is refused by name", () => {
    expect(() =>
      resourceNames({ name: "w", d1_databases: [], kv_namespaces: [{ binding: "RECS" }], r2_buckets: [{ binding: "SEEDS", bucket_name: "b" }] }),
    ).toThrow(/exactly one \[\[d1_databases\]\] with binding = "DB" \(found 0\)/);
    expect(() =>
      resourceNames({
        name: "w",
        d1_databases: [{ binding: "DB" }],
        kv_namespaces: [{ binding: "RECS" }],
        r2_buckets: [{ binding: "SEEDS", bucket_name: "b" }],
      }),
    ).toThrow(/binding "DB" has no database_name/);
  });
});

describe("parsers of wrangler 4.86 output", () => {
  it("whoami --json: accounts, not logged in, and the text form refused", () => {
    expect(parseWhoami(out.whoamiJson([out.ACCOUNT, out.OTHER_ACCOUNT]))).toEqual({
      loggedIn: true,
      authType: "OAuth Token",
      email: "ana@example.com",
      accounts: [out.ACCOUNT, out.OTHER_ACCOUNT],
    });
    expect(parseWhoami(out.WHOAMI_NOT_LOGGED_IN)).toEqual({ loggedIn: false, accounts: [] });
    expect(() => parseWhoami(out.WHOAMI_TEXT)).toThrow(/could not read the output of `wrangler whoami --json` \(expected JSON\); it began: ⛅️ wrangler 4.86.0/);
    expect(() => parseWhoami('{"loggedIn": true, "accounts": [{"name": "no id"}]}')).toThrow(/expected accounts: \[\{id, name\}\]/);
  });

  it("d1 list --json and d1 create (TOML and JSON snippets)", () => {
    expect(parseD1List(out.d1ListJson([{ uuid: UUID, name: "movies" }]))).toEqual([{ uuid: UUID, name: "movies" }]);
    expect(parseD1List(out.d1ListJson([]))).toEqual([]);
    expect(() => parseD1List(out.D1_LIST_TABLE)).toThrow(/`wrangler d1 list --json` \(expected JSON\)/);
    expect(parseD1Create(out.d1CreateToml("movies", UUID), "movies")).toBe(UUID);
    expect(parseD1Create(out.d1CreateJson("movies", UUID), "movies")).toBe(UUID);
    expect(() => parseD1Create(out.d1CreateToml("films", UUID), "movies")).toThrow(/reports it created 'films', not 'movies'/);
    expect(() => parseD1Create(out.d1CreateToml("movies", "not-a-uuid"), "movies")).toThrow(/expected one database_id/);
    expect(() => parseD1Create("✘ [ERROR] A database with that name already exists\n", "movies")).toThrow(/no "Successfully created DB" line/);
  });

  it("kv namespace list and create (TOML and JSON snippets)", () => {
    expect(parseKvList(out.kvListJson([{ id: KV_ID, title: "movies-edge-api-recs" }]))).toEqual([{ id: KV_ID, title: "movies-edge-api-recs" }]);
    expect(parseKvList("[]\n")).toEqual([]);
    expect(() => parseKvList("Resource location: remote\n")).toThrow(/`wrangler kv namespace list` \(expected JSON\)/);
    expect(parseKvCreate(out.kvCreateToml("movies-edge-api-recs", KV_ID), "movies-edge-api-recs")).toBe(KV_ID);
    expect(parseKvCreate(out.kvCreateJson("movies-edge-api-recs", KV_ID), "movies-edge-api-recs")).toBe(KV_ID);
    expect(() => parseKvCreate(out.kvCreateToml("movies-edge-api-recs", "some-namespace-id"), "movies-edge-api-recs")).toThrow(/32 hex digits/);
  });

  it("r2 bucket list: names, none, and an unknown layout refused", () => {
    expect(parseR2List(out.r2List(["movie-seeds", "photos"]))).toEqual(["movie-seeds", "photos"]);
    expect(parseR2List(out.r2List([]))).toEqual([]);
    expect(() => parseR2List(JSON.stringify([{ name: "movie-seeds" }]))).toThrow(/no "Listing buckets..." line/);
    expect(() => parseR2List("Listing buckets...\nbucket: movie-seeds\n")).toThrow(/unexpected line "bucket: movie-seeds"/);
  });

  it("deploy: the workers.dev URL from the ND-JSON output file, else from stdout", () => {
    const url = "https://movies-edge-api.ana-films.workers.dev";
    const targets = [url, "schedule: 30 3 * * *"];
    expect(parseDeployUrl("", out.deployOutputFile("movies-edge-api", targets))).toBe(url);
    expect(parseDeployUrl(out.deployStdout("movies-edge-api", targets))).toBe(url);
    expect(parseDeployUrl(out.deployStdout("movies-edge-api", targets), "not json\n")).toBe(url);
    expect(() => parseDeployUrl(out.deployStdout("movies-edge-api", ["example.com/*", "schedule: 30 3 * * *"]))).toThrow(
      /listed no workers.dev URL: is workers_dev disabled/,
    );
    expect(() => parseDeployUrl("--dry-run: exiting now.\n")).toThrow(/no "Deployed <name> triggers" line/);
  });
});

describe("find by name, or create", () => {
  it("finds existing resources and creates none", async () => {
    const acct = new FakeAccount();
    acct.d1 = [
      { uuid: "11111111-2222-4333-8444-555555555555", name: "movies-old" },
      { uuid: UUID, name: "movies" },
    ];
    acct.kv = [{ id: KV_ID, title: "movies-edge-api-recs" }];
    acct.r2 = ["movie-seeds"];
    const run = acct.runner();
    expect(await resolveD1(run, quiet, NAMES)).toEqual({ id: UUID, created: false });
    expect(await resolveKv(run, quiet, NAMES)).toEqual({ id: KV_ID, created: false });
    expect(await resolveR2(run, quiet, NAMES)).toEqual({ created: false });
    expect(acct.commandLines()).toEqual(["npx wrangler d1 list --json", "npx wrangler kv namespace list", "npx wrangler r2 bucket list"]);
  });

  it("creates what is missing (a similar name is not a match), then finds it on the next run", async () => {
    const acct = new FakeAccount();
    acct.d1 = [{ uuid: UUID, name: "Movies" }];
    acct.kv = [{ id: KV_ID, title: "RECS" }];
    acct.r2 = ["movie-seeds-old"];
    const run = acct.runner();
    const d1 = await resolveD1(run, quiet, NAMES);
    const kv = await resolveKv(run, quiet, NAMES);
    const r2 = await resolveR2(run, quiet, NAMES);
    expect([d1.created, kv.created, r2.created]).toEqual([true, true, true]);
    expect(d1.id).not.toBe(UUID);
    expect(acct.commandLines()).toEqual(CREATE_ALL);
    acct.calls = [];
    expect(await resolveD1(run, quiet, NAMES)).toEqual({ id: d1.id, created: false });
    expect(await resolveKv(run, quiet, NAMES)).toEqual({ id: kv.id, created: false });
    expect(await resolveR2(run, quiet, NAMES)).toEqual({ created: false });
    expect(acct.commandLines().filter((l) => l.includes("create"))).toEqual([]);
  });

  it("two resources of the same name are an error, not a guess", async () => {
    const acct = new FakeAccount();
    acct.d1 = [
      { uuid: UUID, name: "movies" },
      { uuid: "11111111-2222-4333-8444-555555555555", name: "movies" },
    ];
    acct.kv = [
      { id: KV_ID, title: "movies-edge-api-recs" },
      { id: "00112233445566778899aabbccddeeff", title: "movies-edge-api-recs" },
    ];
    const run = acct.runner();
    expect(await rejection(resolveD1(run, quiet, NAMES))).toMatch(
      `2 D1 databases named "movies" share that name (${UUID}, 11111111-2222-4333-8444-555555555555)`,
    );
    expect(await rejection(resolveKv(run, quiet, NAMES))).toMatch(/2 KV namespaces titled "movies-edge-api-recs"/);
    expect(acct.commandLines().filter((l) => l.includes("create"))).toEqual([]);
  });

  it("a create whose output cannot be read stops with the command named", async () => {
    const acct = new FakeAccount();
    acct.canned.set("npx wrangler d1 create movies", "Created your new D1 database.\n");
    expect(await rejection(resolveD1(acct.runner(), quiet, NAMES))).toMatch(/could not read the output of `wrangler d1 create movies`/);
  });

  it("the account: the only one, CLOUDFLARE_ACCOUNT_ID among several, else a clear refusal", async () => {
    const acct = new FakeAccount();
    expect(await resolveAccount(acct.runner(), quiet, undefined)).toEqual(out.ACCOUNT);
    acct.accounts = [out.ACCOUNT, out.OTHER_ACCOUNT];
    expect(await resolveAccount(acct.runner(), quiet, out.OTHER_ACCOUNT.id)).toEqual(out.OTHER_ACCOUNT);
    expect(await rejection(resolveAccount(acct.runner(), quiet, undefined))).toMatch(
      `reach 2 accounts; set CLOUDFLARE_ACCOUNT_ID to one of: ${out.ACCOUNT.id}`,
    );
    expect(await rejection(resolveAccount(acct.runner(), quiet, "ffffffffffffffffffffffffffffffff"))).toMatch(
      /CLOUDFLARE_ACCOUNT_ID=f{32} is none of the accounts/,
    );
    acct.loggedIn = false;
    expect(await rejection(resolveAccount(acct.runner(), quiet, undefined))).toMatch(/not logged in: run `npx wrangler login`, or set CLOUDFLARE_API_TOKEN/);
  });
});

const planInput = (over: Partial<PlanInput> = {}): PlanInput => ({
  names: NAMES,
  config: "wrangler.deploy.jsonc",
  apiToken: false,
  seed: { staleReason: "no seed yet", isSample: false, dir: "/data/raw" },
  adminToken: false,
  pinned: [],
  ...over,
});

describe("the plan (what --dry-run prints)", () => {
  it("lists every step with the exact commands and placeholders for what only a real run knows", () => {
    const text = renderPlan(planSteps(planInput({ waitMinutes: 30 })));
    for (const line of [
      "$ npx wrangler whoami --json",
      "$ npx wrangler d1 list --json",
      "if missing: $ npx wrangler d1 create movies",
      "$ npx wrangler kv namespace list",
      "if missing: $ npx wrangler kv namespace create movies-edge-api-recs",
      "$ npx wrangler r2 bucket list",
      "if missing: $ npx wrangler r2 bucket create movie-seeds",
      "d1_databases DB: database_id = <id of D1 movies: found or created at run time>",
      "kv_namespaces RECS: id = <id of KV movies-edge-api-recs: found or created at run time>",
      "$ npx wrangler d1 migrations apply DB --remote --config wrangler.deploy.jsonc",
      "$ npm run etl   (no seed yet)",
      "$ npm run publish -- --config wrangler.deploy.jsonc",
      "$ npx tsx scripts/prepare-assets.ts",
      "$ npx wrangler deploy --config wrangler.deploy.jsonc",
      "GET <workers.dev URL printed by wrangler deploy>/health",
      "GET <workers.dev URL printed by wrangler deploy>/peliculas_idioma/en",
      "at most 30 min",
    ])
      expect(text).toContain(line);
    expect(text).toMatch(/^\[1\/14\] /);
    expect(text).toContain("skipped: ADMIN_TOKEN is not set");
    expect(text).not.toContain("secret put");
  });

  it("with ADMIN_TOKEN, shows where the token goes without its value", () => {
    const text = renderPlan(planSteps(planInput({ adminToken: true })));
    expect(text).toContain(`$ npx wrangler secret put ADMIN_TOKEN --config wrangler.deploy.jsonc < ${ADMIN_TOKEN_SHOWN}`);
    expect(text).toContain(`POST <workers.dev URL printed by wrangler deploy>/admin/reseed   Authorization: Bearer ${ADMIN_TOKEN_SHOWN}`);
  });

  it("shell-quotes what needs it", () => {
    expect(shown(["wrangler", "d1", "execute", "DB", "--command", "SELECT 1"])).toBe("npx wrangler d1 execute DB --command 'SELECT 1'");
  });
});

/** The deployed Worker as HTTP answers: no data until `kicks` POSTs have run the reseed. */
function fakeWorker(version: string, kicksToLoad: number) {
  let kicks = 0;
  const requests: { url: string; method: string; headers?: Record<string, string> }[] = [];
  const live = () => kicks >= kicksToLoad;
  const http: Http = async (url, init = {}) => {
    requests.push({ url, method: init.method ?? "GET", headers: init.headers });
    const p = new URL(url).pathname;
    if (p === "/health")
      return live()
        ? { status: 200, body: { status: "ok", dataset: { version, built_at: "x", movies: 67 } } }
        : { status: 503, body: { status: "no_data", dataset: null } };
    if (p === "/version") {
      return {
        status: live() ? 200 : 503,
        body: {
          version: live() ? version : null,
          reseed: { in_progress: live() || !kicks ? null : { version, runs: kicks, staged: kicks }, last_attempt: null },
        },
      };
    }
    if (p === "/admin/reseed" && init.method === "POST") {
      kicks++;
      return { status: 200, body: { reseed: { outcome: live() ? "applied" : "in_progress", staged: { done: kicks, total: kicksToLoad } } } };
    }
    if (p === "/peliculas_idioma/en") return { status: 200, body: { idioma: "English", codigo: "en", cantidad: 35 } };
    return { status: 404, body: { error: { code: "not_found" } } };
  };
  return { http, requests };
}
const fakeClock = (): Clock & { t: number } => {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
};

describe("a whole deploy against a simulated account", () => {
  async function deployOnce(acct: FakeAccount, opts: { adminToken?: string; waitMinutes?: number; kicksToLoad?: number } = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-run-"));
    fs.mkdirSync(path.join(dir, "seed", "bundle"), { recursive: true });
    fs.writeFileSync(path.join(dir, "seed", "bundle", "manifest.json"), JSON.stringify({ version: "5e7d0c4b1a2f3e6d" }));
    const printed: string[] = [];
    const worker = fakeWorker("5e7d0c4b1a2f3e6d", opts.kicksToLoad ?? 1);
    const ctx: Context = {
      raw: await rawConfig(),
      names: NAMES,
      config: path.join(dir, "wrangler.deploy.jsonc"),
      seedDir: path.join(dir, "seed"),
      env: { adminToken: opts.adminToken },
      waitMinutes: opts.waitMinutes,
      run: acct.runner((l) => printed.push(l)),
      http: worker.http,
      clock: fakeClock(),
      say: (l) => printed.push(l),
    };
    const steps = planSteps(planInput({ config: ctx.config, adminToken: Boolean(opts.adminToken), waitMinutes: opts.waitMinutes }));
    try {
      const result = await execute(steps, ctx, false).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      return { printed, requests: worker.requests, config: fs.existsSync(ctx.config) ? fs.readFileSync(ctx.config, "utf8") : "", error: result };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("from an empty account: creates, migrates, publishes, deploys, smoke-checks; the rerun creates nothing", async () => {
    const acct = new FakeAccount();
    const first = await deployOnce(acct);
    expect(first.error).toBeUndefined();
    const [d1, kv] = [acct.d1[0]!, acct.kv[0]!];
    expect(acct.commandLines()).toEqual([
      "npx wrangler whoami --json",
      ...CREATE_ALL,
      expect.stringMatching(/^npx wrangler d1 migrations apply DB --remote --config \S+wrangler\.deploy\.jsonc$/),
      expect.stringMatching(/^npm run publish -- --config \S+wrangler\.deploy\.jsonc$/),
      "npx tsx scripts/prepare-assets.ts",
      expect.stringMatching(/^npx wrangler deploy --config \S+wrangler\.deploy\.jsonc$/),
    ]);
    // Commands after the lookup act on the account picked, without a prompt.
    expect(acct.calls.at(-1)!.env.CLOUDFLARE_ACCOUNT_ID).toBe(out.ACCOUNT.id);
    const config = JSON.parse(first.config.replace(/^\/\/.*$/gm, ""));
    expect(config.d1_databases[0].database_id).toBe(d1.uuid);
    expect(config.kv_namespaces[0].id).toBe(kv.id);
    expect(config.account_id).toBe(out.ACCOUNT.id);
    expect(first.printed).toContain("/health: running; no dataset loaded yet");
    expect(first.printed.at(-1)).toBe("\nDeployed movies-edge-api: https://movies-edge-api.ana-films.workers.dev");

    acct.calls = [];
    const second = await deployOnce(acct);
    expect(second.error).toBeUndefined();
    expect(acct.commandLines().filter((l) => / create /.test(l))).toEqual([]);
    expect(second.config).toBe(first.config);
    expect([acct.d1.length, acct.kv.length, acct.r2.length]).toEqual([1, 1, 1]);
  });

  it("with ADMIN_TOKEN and --wait: the token goes only to secret put's stdin and the admin request", async () => {
    const token = "tok-3f9a1c77e2b04d5c";
    const acct = new FakeAccount();
    const run = await deployOnce(acct, { adminToken: token, waitMinutes: 5, kicksToLoad: 3 });
    expect(run.error).toBeUndefined();
    expect(acct.secrets.get("ADMIN_TOKEN")).toBe(token);
    const withToken = acct.calls.filter((c) => JSON.stringify(c).includes(token));
    expect(withToken.map((c) => c.line)).toEqual([expect.stringMatching(/^npx wrangler secret put ADMIN_TOKEN --config /)]);
    expect(run.printed.join("\n")).not.toContain(token);
    expect(run.config).not.toContain(token);
    const admin = run.requests.filter((r) => r.url.endsWith("/admin/reseed"));
    expect(admin.length).toBe(3);
    expect(admin.every((r) => r.method === "POST" && r.headers?.Authorization === `Bearer ${token}`)).toBe(true);
    expect(run.printed).toContain("version 5e7d0c4b1a2f3e6d is live");
    expect(run.printed).toContain("/peliculas_idioma/en: English: 35 movies");
  });

  it("a deploy output without a workers.dev URL stops at that step with one line", async () => {
    const acct = new FakeAccount();
    acct.d1 = [{ uuid: UUID, name: "movies" }];
    acct.kv = [{ id: KV_ID, title: "movies-edge-api-recs" }];
    acct.r2 = ["movie-seeds"];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-fail-"));
    const config = path.join(dir, "wrangler.deploy.jsonc");
    acct.canned.set(`npx wrangler deploy --config ${config}`, out.deployStdout("movies-edge-api", ["movies.example.com/*"]));
    fs.mkdirSync(path.join(dir, "seed", "bundle"), { recursive: true });
    fs.writeFileSync(path.join(dir, "seed", "bundle", "manifest.json"), JSON.stringify({ version: "v1" }));
    const ctx: Context = {
      raw: await rawConfig(),
      names: NAMES,
      config,
      seedDir: path.join(dir, "seed"),
      env: {},
      run: acct.runner(),
      http: fakeWorker("v1", 1).http,
      clock: fakeClock(),
      say: quiet,
    };
    try {
      const msg = await rejection(execute(planSteps(planInput({ config })), ctx, false));
      expect(msg).toBe("step 10 (deploy): `wrangler deploy` listed no workers.dev URL: is workers_dev disabled in wrangler.toml?");
      expect(acct.commandLines().some((l) => l.includes("secret"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("waiting for the first load", () => {
  it("prints each change of /version and stops when the published version is live", async () => {
    const w = fakeWorker("v2", 2);
    const printed: string[] = [];
    const kick = async () => void (await w.http("https://w.workers.dev/admin/reseed", { method: "POST" }));
    await waitForLoad(w.http, fakeClock(), { base: "https://w.workers.dev", expected: "v2", maxMs: 600_000, everyMs: 20_000, kick }, (l) => printed.push(l));
    expect(printed).toEqual(["/version: live: none", '/version: live: none; in progress: {"version":"v2","runs":1,"staged":1}', "/version: live: v2"]);
  });

  it("gives up after its bound, saying the load goes on", async () => {
    const w = fakeWorker("v2", 99);
    const clock = fakeClock();
    const msg = await rejection(waitForLoad(w.http, clock, { base: "https://w.workers.dev", expected: "v2", maxMs: 60_000, everyMs: 20_000 }, quiet));
    expect(msg).toMatch(/version v2 not live after 1 min \(live: none\); the reseed goes on by itself, follow it at https:\/\/w.workers.dev\/version/);
    expect(clock.t).toBe(60_000);
  });

  it("an answer that is not the Worker's /version is an error", () => {
    const a: Answer = { status: 200, body: "<html>There is nothing here yet</html>" };
    expect(() => readVersion(a)).toThrow(/\/version answered 200/);
  });
});

describe("secrets and failures in what is printed", () => {
  it("redact hides every occurrence of every secret", () => {
    expect(redact("Bearer abc123 and abc123", ["abc123"])).toBe("Bearer <hidden> and <hidden>");
    expect(redact("nothing to hide", [""])).toBe("nothing to hide");
  });

  it("a failing wrangler is summed up by its [ERROR] line", () => {
    const output =
      '\u001b[31m✘ \u001b[41;31m[\u001b[41;97mERROR\u001b[41;31m]\u001b[0m \u001b[1mA request to the Cloudflare API failed.\u001b[0m\n\n🪵  Logs were written to "x.log"\n';
    expect(reason(output)).toBe("[ERROR] A request to the Cloudflare API failed.");
    expect(reason("one\nlast line\n")).toBe("last line");
  });
});
