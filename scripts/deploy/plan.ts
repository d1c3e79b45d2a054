// What `npm run deploy` does, step by step: the exact commands (one builder per command, used both
// to print the plan and to run it) and the steps in order. Pure: no process, file or network, so
// the dry run and the tests see exactly what a real deploy would run. Secrets never enter here:
// the plan only knows *whether* ADMIN_TOKEN is set.
import { BINDINGS, type ResourceNames } from "./config.ts";

export type Argv = readonly string[];

/** The Worker secret that enables POST /admin/reseed (src/lib/admin-auth.ts). */
export const ADMIN_TOKEN = "ADMIN_TOKEN";
/** How the token appears wherever its value would: plan, logs, errors. */
export const ADMIN_TOKEN_SHOWN = `<${ADMIN_TOKEN} from env>`;
/** The data route the smoke check reads once a dataset is live. */
export const SMOKE_DATA_ROUTE = "/peliculas_idioma/en";

export const commands = {
  whoami: (): Argv => ["wrangler", "whoami", "--json"],
  d1List: (): Argv => ["wrangler", "d1", "list", "--json"],
  d1Create: (name: string): Argv => ["wrangler", "d1", "create", name],
  kvList: (): Argv => ["wrangler", "kv", "namespace", "list"],
  kvCreate: (title: string): Argv => ["wrangler", "kv", "namespace", "create", title],
  r2List: (): Argv => ["wrangler", "r2", "bucket", "list"],
  r2Create: (bucket: string): Argv => ["wrangler", "r2", "bucket", "create", bucket],
  migrate: (config: string): Argv => ["wrangler", "d1", "migrations", "apply", BINDINGS.d1, "--remote", "--config", config],
  etl: (): Argv => ["npm", "run", "etl"],
  publish: (config: string): Argv => ["npm", "run", "publish", "--", "--config", config],
  assets: (): Argv => ["tsx", "scripts/prepare-assets.ts"],
  deploy: (config: string): Argv => ["wrangler", "deploy", "--config", config],
  deployDryRun: (config: string, outdir: string): Argv => ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "--config", config],
  /** The value goes to its stdin (wrangler reads it there when stdin is not a terminal). */
  secretPut: (config: string): Argv => ["wrangler", "secret", "put", ADMIN_TOKEN, "--config", config],
};

/** A command as the user would type it (project binaries through npx), shell-quoted. */
export function shown(argv: Argv): string {
  const quote = (a: string) => (/^[\w@%+=:,./<>-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  const [bin, ...rest] = argv;
  return [bin === "wrangler" || bin === "tsx" ? `npx ${bin}` : bin!, ...rest.map(quote)].join(" ");
}

export interface PlanInput {
  names: ResourceNames;
  /** The generated config every remote command after the lookups reads. */
  config: string;
  /** CLOUDFLARE_ACCOUNT_ID, if set. */
  accountId?: string;
  /** Whether CLOUDFLARE_API_TOKEN is set (else wrangler's OAuth login is used). */
  apiToken: boolean;
  seed: { staleReason?: string; isSample: boolean; dir: string };
  /** Whether ADMIN_TOKEN is set: never its value. */
  adminToken: boolean;
  /** --wait: poll /version until the first load is live, for at most this many minutes. */
  waitMinutes?: number;
  /** Ids wrangler.toml pins itself (replaced by the resolved ones). */
  pinned: string[];
}

export type StepId = "auth" | "d1" | "kv" | "r2" | "config" | "migrate" | "seed" | "publish" | "assets" | "deploy" | "secret" | "kick" | "smoke" | "wait";
export interface Step {
  id: StepId;
  title: string;
  lines: string[];
}

const $ = (argv: Argv) => `$ ${shown(argv)}`;

export function planSteps(p: PlanInput): Step[] {
  const { names, config } = p;
  const d1Id = `<id of D1 ${names.d1.name}: found or created at run time>`;
  const kvId = `<id of KV ${names.kv.title}: found or created at run time>`;
  const url = "<workers.dev URL printed by wrangler deploy>";
  const auth = `Authorization: Bearer ${ADMIN_TOKEN_SHOWN}`;
  const steps: Step[] = [
    {
      id: "auth",
      title: "Check the credentials and pick the account",
      lines: [
        $(commands.whoami()),
        p.apiToken
          ? "  credentials: CLOUDFLARE_API_TOKEN (set)"
          : "  credentials: wrangler's OAuth login (`npx wrangler login`); CLOUDFLARE_API_TOKEN is not set",
        p.accountId ? `  account: CLOUDFLARE_ACCOUNT_ID=${p.accountId}` : "  account: the only one the credentials reach (else set CLOUDFLARE_ACCOUNT_ID)",
      ],
    },
    {
      id: "d1",
      title: `D1 database "${names.d1.name}" (binding ${names.d1.binding}): find by name, or create`,
      lines: [$(commands.d1List()), `  if missing: ${$(commands.d1Create(names.d1.name))}`],
    },
    {
      id: "kv",
      title: `KV namespace "${names.kv.title}" (binding ${names.kv.binding}): find by title, or create`,
      lines: [$(commands.kvList()), `  if missing: ${$(commands.kvCreate(names.kv.title))}`],
    },
    {
      id: "r2",
      title: `R2 bucket "${names.r2.bucket}" (binding ${names.r2.binding}): find by name, or create`,
      lines: [$(commands.r2List()), `  if missing: ${$(commands.r2Create(names.r2.bucket))}`],
    },
    {
      id: "config",
      title: `Write ${config} (git-ignored): wrangler.toml plus the resolved ids`,
      lines: [
        `  account_id = ${p.accountId ?? "<the account picked above>"}`,
        `  d1_databases ${names.d1.binding}: database_id = ${d1Id}`,
        `  kv_namespaces ${names.kv.binding}: id = ${kvId}`,
        ...p.pinned.map((pin) => `  note: wrangler.toml pins ${pin}; the resolved id replaces it`),
      ],
    },
    {
      id: "migrate",
      title: "Apply the D1 schema migrations (migrations) to the remote database",
      lines: [$(commands.migrate(config))],
    },
    {
      id: "seed",
      title: "Build the seed if it is stale",
      lines: [
        p.seed.staleReason ? `${$(commands.etl())}   (${p.seed.staleReason})` : "  seed/ is up to date: not rebuilt",
        `  data: ${p.seed.isSample ? "the bundled sample (67 movies): put the Kaggle CSVs in data/raw/ or set RAW_DIR to deploy the real catalogue" : p.seed.dir}`,
      ],
    },
    {
      id: "publish",
      title: `First data load: publish the seed bundle to R2 ${names.r2.bucket}; the Worker's cron reseed applies it`,
      lines: [
        $(commands.publish(config)),
        "  the reseed applies it in several invocations within Free-plan limits; a load larger than the daily",
        "  D1 write quota continues by itself on the following days (GET /version shows its progress)",
      ],
    },
    { id: "assets", title: "Build the static assets (web UI, Swagger UI, EDA report -> public/)", lines: [$(commands.assets())] },
    { id: "deploy", title: "Deploy the Worker", lines: [$(commands.deploy(config)), `  -> ${url}`] },
    {
      id: "secret",
      title: `Set the Worker secret ${ADMIN_TOKEN}`,
      lines: p.adminToken
        ? [`${$(commands.secretPut(config))} < ${ADMIN_TOKEN_SHOWN}`]
        : [`  skipped: ${ADMIN_TOKEN} is not set (POST /admin/reseed stays 404; the cron applies the first load)`],
    },
    {
      id: "kick",
      title: "Start the first load now",
      lines: p.adminToken
        ? [`  POST ${url}/admin/reseed   ${auth}`]
        : ["  skipped: needs ADMIN_TOKEN; the cron starts it at its next run (wrangler.toml [triggers])"],
    },
    {
      id: "smoke",
      title: "Smoke-check the deployed Worker",
      lines: [`  GET ${url}/health`, `  GET ${url}/version`, `  GET ${url}${SMOKE_DATA_ROUTE}   (once /version says a dataset is live)`],
    },
    {
      id: "wait",
      title: "Wait for the first load",
      lines: p.waitMinutes
        ? [
            `  GET ${url}/version every 20 s until the published version is live, at most ${p.waitMinutes} min${p.adminToken ? ` (POST /admin/reseed each time: ${auth})` : ""}`,
          ]
        : ["  skipped: pass --wait to poll /version until the first load is live"],
    },
  ];
  return steps;
}

export function renderPlan(steps: Step[]): string {
  return steps.map((s, i) => [`[${i + 1}/${steps.length}] ${s.title}`, ...s.lines.map((l) => `    ${l}`)].join("\n")).join("\n\n");
}
