import { searchCatalog } from "../../db/search.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { buscar } from "./buscar.routes.ts";

export const buscarHandler: AppRouteHandler<typeof buscar> = async (c) => {
  const { q, tipo, page } = c.req.valid("query");
  return c.json(await searchCatalog(c.env.DB, normalizeName(q), tipo, page), 200);
};
