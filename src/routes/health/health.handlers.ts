import { activeDataset } from "../../db/dataset.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { health } from "./health.routes.ts";
import type { Health } from "./health.schemas.ts";

export const healthHandler: AppRouteHandler<typeof health> = async (c) => {
  // An empty or unmigrated database is "no data", not a crash: the Worker itself is alive.
  const d = await activeDataset(c.env.DB).catch(() => null);
  if (!d) return c.json({ status: "no_data", dataset: null } satisfies Health, 503);
  return c.json({ status: "ok", dataset: { version: d.version, built_at: d.builtAt, movies: d.movies } } satisfies Health, 200);
};
