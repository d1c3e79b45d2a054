// Runs the plan's steps in order (scripts/deploy/plan.ts): each prints its title, then what it
// runs (scripts/deploy/runner.ts). The first failure stops the deploy with one DeployError line;
// every step either finds its work done or redoes it safely, so running again picks up from there.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BundleManifest } from "../../src/shared/bundle.ts";
import { DRY_RUN_CONFIG, deployConfigText, type RawConfig, type ResourceNames } from "./config.ts";
import { DeployError } from "./deploy-error.ts";
import { ADMIN_TOKEN, commands, renderPlan, SMOKE_DATA_ROUTE, type Step, type StepId } from "./plan.ts";
import { resolveAccount, resolveD1, resolveKv, resolveR2 } from "./resolve.ts";
import type { Runner } from "./runner.ts";
import { type Clock, type Http, reach, readDataRoute, readKick, smoke, waitForLoad } from "./smoke.ts";
import { parseDeployUrl } from "./wrangler-output.ts";

export interface Context {
  raw: RawConfig;
  names: ResourceNames;
  /** The generated config's path (DEPLOY_CONFIG). */
  config: string;
  seedDir: string;
  env: { accountId?: string; adminToken?: string };
  waitMinutes?: number;
  run: Runner;
  http: Http;
  clock: Clock;
  say: (line: string) => void;
}

/** What the steps learn and hand on. */
interface State {
  accountId?: string;
  d1?: string;
  kv?: string;
  version?: string;
  url?: string;
}

/** The bundle version `npm run publish` points `latest` at. */
function bundleVersion(seedDir: string): string {
  const file = path.join(seedDir, "bundle", "manifest.json");
  if (!fs.existsSync(file)) throw new DeployError(`${file} not found after the ETL`);
  return (JSON.parse(fs.readFileSync(file, "utf8")) as BundleManifest).version;
}

export async function execute(steps: Step[], ctx: Context, seedStale: boolean): Promise<void> {
  const { run, say, config, names } = ctx;
  const st: State = {};
  const admin = ctx.env.adminToken;
  const bearer = admin ? { Authorization: `Bearer ${admin}` } : undefined;
  const kick = async () => say(`POST /admin/reseed: ${readKick(await ctx.http(`${st.url}/admin/reseed`, { method: "POST", headers: bearer }))}`);
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new DeployError(`internal: ${what} unknown at this step`);
    return v;
  };

  const handlers: Record<StepId, () => Promise<void>> = {
    auth: async () => {
      const account = await resolveAccount(run, say, ctx.env.accountId);
      st.accountId = account.id;
      run.setEnv("CLOUDFLARE_ACCOUNT_ID", account.id); // every later command, without prompting
      say(`account: ${account.name} (${account.id})`);
    },
    d1: async () => {
      st.d1 = (await resolveD1(run, say, names)).id;
    },
    kv: async () => {
      st.kv = (await resolveKv(run, say, names)).id;
    },
    r2: async () => void (await resolveR2(run, say, names)),
    config: async () => {
      fs.writeFileSync(config, deployConfigText(ctx.raw, { accountId: st.accountId, d1: need(st.d1, "the D1 id"), kv: need(st.kv, "the KV id") }));
      say(`wrote ${config}`);
    },
    migrate: async () => void (await run(commands.migrate(config))),
    seed: async () => {
      if (seedStale) await run(commands.etl());
      else say(`${ctx.seedDir}/ is up to date`);
      st.version = bundleVersion(ctx.seedDir);
    },
    publish: async () => {
      await run(commands.publish(config));
      say(`R2 ${names.r2.bucket}: latest -> ${need(st.version, "the bundle version")}`);
    },
    assets: async () => void (await run(commands.assets())),
    deploy: async () => {
      // wrangler writes one ND-JSON entry per command there: the deploy's lists its targets.
      const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deploy-")), "wrangler-output.ndjson");
      try {
        const stdout = await run(commands.deploy(config), { env: { WRANGLER_OUTPUT_FILE_PATH: outputFile } });
        st.url = parseDeployUrl(stdout, fs.existsSync(outputFile) ? fs.readFileSync(outputFile, "utf8") : undefined);
      } finally {
        fs.rmSync(path.dirname(outputFile), { recursive: true, force: true });
      }
      say(`deployed: ${st.url}`);
    },
    secret: async () => {
      if (!admin) return say(`skipped: ${ADMIN_TOKEN} is not set`);
      await run(commands.secretPut(config), { stdin: admin });
    },
    kick: async () => {
      if (!admin) return say("skipped: the cron starts the first load at its next run");
      // A secret just set can take a few seconds to reach the Worker: until then the route is a 404.
      const a = await reach(
        ctx.http,
        ctx.clock,
        `${need(st.url, "the URL")}/admin/reseed`,
        { method: "POST", headers: bearer },
        60_000,
        `the ${ADMIN_TOKEN} secret did not reach the Worker; run the deploy again`,
      );
      say(`POST /admin/reseed: ${readKick(a)}`);
    },
    smoke: async () => void (await smoke(ctx.http, ctx.clock, need(st.url, "the URL"), say)),
    wait: async () => {
      if (!ctx.waitMinutes) return say(`skipped (--wait not given): follow the first load at ${st.url}/version`);
      await waitForLoad(
        ctx.http,
        ctx.clock,
        {
          base: need(st.url, "the URL"),
          expected: need(st.version, "the version"),
          maxMs: ctx.waitMinutes * 60_000,
          everyMs: 20_000,
          kick: admin ? kick : undefined,
        },
        say,
      );
      say(`version ${st.version} is live`);
      say(`${SMOKE_DATA_ROUTE}: ${readDataRoute(await ctx.http(`${st.url}${SMOKE_DATA_ROUTE}`))}`);
    },
  };

  for (const [i, step] of steps.entries()) {
    say(`\n[${i + 1}/${steps.length}] ${step.title}`);
    try {
      await handlers[step.id]();
    } catch (err) {
      const e = err instanceof DeployError ? err : new DeployError((err as Error).message);
      e.message = `step ${i + 1} (${step.id}): ${e.message}`;
      throw e;
    }
  }
  say(`\nDeployed ${names.worker}: ${st.url}`);
}

/** The dry run: the plan, then `wrangler deploy --dry-run` on the generated config (without ids). */
export async function dryRun(steps: Step[], raw: RawConfig, run: Runner, say: (line: string) => void): Promise<void> {
  say(`Plan of \`npm run deploy\` (${steps.length} steps):\n`);
  say(renderPlan(steps));
  say("\nDry run: no account is contacted. Building the Worker bundle from the generated config (no ids):");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-dry-run-"));
  fs.writeFileSync(DRY_RUN_CONFIG, deployConfigText(raw));
  try {
    await run(commands.deployDryRun(DRY_RUN_CONFIG, outdir));
    const bundle = path.join(outdir, "index.js");
    if (!fs.existsSync(bundle)) throw new DeployError(`wrangler deploy --dry-run wrote no ${bundle}`);
    say(`bundle builds: index.js ${(fs.statSync(bundle).size / 1024).toFixed(0)} KiB (unminified). Nothing was deployed.`);
  } finally {
    fs.rmSync(DRY_RUN_CONFIG, { force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
