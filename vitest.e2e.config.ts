// The browser tests (`npm run test:e2e`, which starts the server first: scripts/e2e.ts). Kept
// out of vitest.config.ts so that `npm test` needs no browser and no running server.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [{
      test: {
        name: "e2e",
        include: ["test/e2e/**/*.test.ts"],
        environment: "node",
        testTimeout: 90_000,
        hookTimeout: 60_000,
        // One browser at a time: 2 shared cores, and one server with a rate limit.
        fileParallelism: false,
      },
    }],
  },
});
