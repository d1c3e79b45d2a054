// `npm run deploy`: the whole path to a live Worker on Cloudflare, in one command.
//   npm run deploy                      find or create D1, KV and R2 by name, migrate, publish the
//                                       seed (first data load), deploy, smoke-check
//   npm run deploy -- --wait [--wait-minutes 30]   then poll /version until the first load is live
//   npm run deploy -- --dry-run         print every step and command; build the bundle (no account)
// Env: CLOUDFLARE_API_TOKEN (+ CLOUDFLARE_ACCOUNT_ID) or `npx wrangler login`; ADMIN_TOKEN sets the
// Worker secret and starts the first load at once; RAW_DIR as for `npm run etl`.
// The steps and their commands: scripts/deploy/plan.ts. README, "Deploy".
import { parseArgs } from "node:util";
import { resolveSources } from "../etl/sources.ts";
import { DEPLOY_CONFIG, pinnedIds, type RawConfig, resourceNames } from "./deploy/config.ts";
import { DeployError } from "./deploy/deploy-error.ts";
import { dryRun, execute } from "./deploy/execute.ts";
import { ADMIN_TOKEN, planSteps } from "./deploy/plan.ts";
import { makeRunner, redact } from "./deploy/runner.ts";
import { fetchHttp } from "./deploy/smoke.ts";
import { seedStaleReason } from "./seed-state.ts";
import { WRANGLER_ENV } from "./wrangler.ts";
import { WRANGLER_TOML } from "./wrangler-config.ts";

const SEED = "seed";
const adminToken = process.env[ADMIN_TOKEN] || undefined;
const secrets = adminToken ? [adminToken] : [];
const say = (line: string) => void process.stderr.write(`${redact(line, secrets)}\n`);

try {
  const { values } = parseArgs({
    options: {
      "dry-run": { type: "boolean", default: false },
      wait: { type: "boolean", default: false },
      "wait-minutes": { type: "string", default: "30" },
    },
  });
  const waitMinutes = Number(values["wait-minutes"]);
  if (!(waitMinutes > 0)) throw new DeployError(`--wait-minutes must be a positive number, not "${values["wait-minutes"]}"`);

  // wrangler's own reader, so the names are what wrangler itself sees.
  const { experimental_readRawConfig } = await import("wrangler");
  const raw = experimental_readRawConfig({ config: WRANGLER_TOML }).rawConfig as RawConfig;
  const names = resourceNames(raw);
  const sources = resolveSources();
  const staleReason = seedStaleReason(SEED, sources);
  const steps = planSteps({
    names,
    config: DEPLOY_CONFIG,
    accountId: process.env.CLOUDFLARE_ACCOUNT_ID || undefined,
    apiToken: Boolean(process.env.CLOUDFLARE_API_TOKEN),
    seed: { staleReason, isSample: sources.isSample, dir: sources.dir },
    adminToken: Boolean(adminToken),
    waitMinutes: values.wait ? waitMinutes : undefined,
    pinned: pinnedIds(raw),
  });

  // Children never see the admin token in their environment: it goes to `secret put` on stdin.
  const childEnv: NodeJS.ProcessEnv = { ...WRANGLER_ENV };
  delete childEnv[ADMIN_TOKEN];
  const run = makeRunner(childEnv, secrets, say);
  if (values["dry-run"]) {
    await dryRun(steps, raw, run, say);
  } else {
    say(`Deploying ${names.worker} (${steps.length} steps; \`npm run deploy -- --dry-run\` lists them)`);
    await execute(
      steps,
      {
        raw,
        names,
        config: DEPLOY_CONFIG,
        seedDir: SEED,
        env: { accountId: process.env.CLOUDFLARE_ACCOUNT_ID || undefined, adminToken },
        waitMinutes: values.wait ? waitMinutes : undefined,
        run,
        http: fetchHttp,
        clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
        say,
      },
      staleReason !== undefined,
    );
  }
} catch (err) {
  // One line: wrangler's own output, already shown above, has the details.
  say(`\ndeploy failed: ${(err as Error).message.split("\n")[0]}`);
  if (!(err instanceof DeployError) && process.env.DEBUG) say((err as Error).stack ?? "");
  process.exit(1);
}
