import { findFranchise } from "../../db/catalog.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { franquicia } from "./franquicia.routes.ts";

export const franquiciaHandler: AppRouteHandler<typeof franquicia> = async (c) => {
  const { franquicia: input } = c.req.valid("param");
  const key = normalizeName(input);
  const row = await findFranchise(c.env.DB, key);
  if (!row) throw notFound("franchise", input, await suggest(c.env.DB, "franchise", key));
  return c.json({
    franquicia: row.name,
    cantidad: row.movie_count,
    ganancia_total: row.revenue_total,
    ganancia_promedio: row.movie_count ? row.revenue_total / row.movie_count : 0,
  }, 200);
};
