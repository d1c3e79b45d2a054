import app from "./app.ts";
import { runReseed } from "./reseed/run.ts";

export default {
  fetch: app.fetch,
  // The cron trigger (wrangler.toml [triggers]): apply the latest published seed bundle, if new.
  async scheduled(_controller, env) {
    await runReseed(env, { trigger: "cron" });
  },
} satisfies ExportedHandler<Env>;
