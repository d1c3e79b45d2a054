import type { ReseedFixture } from "./fixture-types.ts";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_RESEED: ReseedFixture;
    }
  }
}
