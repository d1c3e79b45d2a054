import { findCompany } from "../../db/catalog.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { productorasExitosas } from "./productoras.routes.ts";

export const productorasExitosasHandler: AppRouteHandler<typeof productorasExitosas> = async (c) => {
  const { productora } = c.req.valid("param");
  const key = normalizeName(productora);
  const row = await findCompany(c.env.DB, key);
  if (!row) throw notFound("production company", productora, await suggest(c.env.DB, "company", key));
  return c.json({ productora: row.name, revenue_total: row.revenue_total, cantidad: row.movie_count }, 200);
};
