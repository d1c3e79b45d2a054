import { type FranchiseRow, SQL } from "../../db/lookups.ts";
import { findOrSuggest } from "../../db/suggestions.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { franchiseKey } from "../../shared/normalize.ts";
import type { franquicia } from "./franquicia.routes.ts";
import type { Franchise } from "./franquicia.schemas.ts";

export const franquiciaHandler: AppRouteHandler<typeof franquicia> = async (c) => {
  const { franquicia: input } = c.req.valid("param");
  const [row] = await findOrSuggest<FranchiseRow>(c.env.DB, SQL.franchise, "franchise", input, franchiseKey(input));
  return c.json(
    {
      franquicia: row.name,
      cantidad: row.movie_count,
      ganancia_total: row.revenue_total,
      ganancia_promedio: row.movie_count ? row.revenue_total / row.movie_count : 0,
    } satisfies Franchise,
    200,
  );
};
