import { datasetMeta } from "../../db/catalog.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { health } from "./health.routes.ts";

export const healthHandler: AppRouteHandler<typeof health> = async (c) => {
  // An empty or unmigrated database is "no data", not a crash: the Worker itself is alive.
  const meta = await datasetMeta(c.env.DB).catch(() => ({}) as Record<string, string>);
  if (!meta.version) return c.json({ status: "no_data" as const, dataset: null }, 503);
  return c.json({
    status: "ok" as const,
    dataset: { version: meta.version, built_at: meta.built_at ?? "", movies: Number(meta.movies ?? 0) },
  }, 200);
};
