import { type CompanyRow, SQL } from "../../db/lookups.ts";
import { findOrSuggest } from "../../db/suggestions.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { productorasExitosas } from "./productoras_exitosas.routes.ts";
import type { Company } from "./productoras_exitosas.schemas.ts";

export const productorasExitosasHandler: AppRouteHandler<typeof productorasExitosas> = async (c) => {
  const { productora } = c.req.valid("param");
  const [row] = await findOrSuggest<CompanyRow>(c.env.DB, SQL.company, "company", productora);
  return c.json({ productora: row.name, revenue_total: row.revenue_total, cantidad: row.movie_count } satisfies Company, 200);
};
