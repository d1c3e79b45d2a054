// Test projects: the ETL and the scripts (deploy) in plain Node; the Worker in the Workers runtime on a seed built from
// the bundled sample; its scheduled reseeding on bundles built from it; and, when
// ../shared/data/raw exists, the Worker on the real data.
import fs from "node:fs";
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { REAL_RAW_DIR } from "./etl/sources.ts";
import { buildReseedFixture } from "./test/reseed-fixture.ts";
import { buildSeedFixture } from "./test/seed-fixture.ts";

const hasRealData = fs.existsSync(path.join(REAL_RAW_DIR, "movies_dataset.csv"));

async function workerProject(name: string, include: string[], rawDir?: string): Promise<TestProjectInlineConfiguration> {
  const migrations = await readD1Migrations(path.resolve("migrations"));
  const seed = await buildSeedFixture(rawDir);
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: { bindings: { TEST_MIGRATIONS: migrations, TEST_SEED: seed } },
      }),
    ],
    test: { name, include, setupFiles: ["./test/worker/setup.ts"], testTimeout: 30_000 },
  };
}

/** Scheduled reseeding (src/reseed/): bundles built by the ETL, applied through R2, D1 and KV. */
async function reseedProject(): Promise<TestProjectInlineConfiguration> {
  const migrations = await readD1Migrations(path.resolve("migrations"));
  const fixture = await buildReseedFixture();
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: { bindings: { TEST_MIGRATIONS: migrations, TEST_RESEED: fixture, ADMIN_TOKEN: "test-admin-token" } },
      }),
    ],
    test: { name: "reseed", include: ["test/reseed/**/*.test.ts"], testTimeout: 60_000 },
  };
}

export default defineConfig(async () => ({
  test: {
    projects: [
      { test: { name: "etl", include: ["test/etl/**/*.test.ts"], environment: "node", testTimeout: 120_000 } },
      { test: { name: "scripts", include: ["test/scripts/**/*.test.ts"], environment: "node", testTimeout: 60_000 } },
      await workerProject("worker", ["test/worker/**/*.test.ts"]),
      await reseedProject(),
      ...(hasRealData ? [await workerProject("worker-real", ["test/worker-real/**/*.test.ts"], REAL_RAW_DIR)] : []),
    ],
  },
}));
