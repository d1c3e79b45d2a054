import app from "./app.ts";
import { runReseed } from "./reseed/run.ts";

export default {
  fetch: app.fetch,
  // The cron trigger (wrangler.toml [triggers]): apply the latest published seed bundle, if new.
  // The reseed's clock starts at the trigger's scheduled time, so tests and the limits bench can
  // run a day of minutes (KV settling, daily quotas) without waiting for it.
  async scheduled(controller, env) {
    const t0 = Date.now();
    await runReseed(env, { trigger: "cron", now: () => controller.scheduledTime + (Date.now() - t0) });
  },
} satisfies ExportedHandler<Env>;
