// The browser tests (`npm run test:e2e`, which starts the server first: scripts/e2e.ts). Kept
// out of vitest.config.ts so that `npm test` needs no browser and no running server.
// Two groups, one after the other: the browser tests, then the local cron trigger, which
// changes the served data (a reseed) and so must not run before the pages are checked. (Group
// orders start at 1: a project without file parallelism in group 0 is run last.)
import { defineConfig } from "vitest/config";

const CRON_TEST = "test/e2e/local-cron.test.ts";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          exclude: [CRON_TEST],
          environment: "node",
          testTimeout: 90_000,
          hookTimeout: 60_000,
          // One browser at a time: 2 shared cores, and one server with a rate limit.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "local-cron",
          include: [CRON_TEST],
          environment: "node",
          // ETL of the edited copy, publish, one reseed run.
          testTimeout: 300_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
