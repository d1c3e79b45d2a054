import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      TEST_SEED: { version: string; sql: string[]; kv: { key: string; value: string }[]; counts: Record<string, number> };
    }
  }
}
