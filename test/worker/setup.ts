// Runs inside the Workers runtime before each test file: schema migrations, then the seed the
// config built with the real ETL (once: setup files may run several times on one storage).

import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
const loaded = await env.DB.prepare("SELECT value FROM dataset_meta WHERE key = 'version'").first<{ value: string }>();
if (loaded?.value !== env.TEST_SEED.version) {
  const statements = env.TEST_SEED.sql.map((s) => env.DB.prepare(s));
  for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));
  await Promise.all(env.TEST_SEED.kv.map((e) => env.RECS.put(e.key, e.value)));
}
