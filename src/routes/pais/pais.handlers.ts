import { findCountry } from "../../db/catalog.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { peliculasPais } from "./pais.routes.ts";

export const peliculasPaisHandler: AppRouteHandler<typeof peliculasPais> = async (c) => {
  const { pais } = c.req.valid("param");
  const key = normalizeName(pais);
  const row = await findCountry(c.env.DB, key);
  if (!row) throw notFound("country", pais, await suggest(c.env.DB, "country", key));
  return c.json({ pais: row.name, codigo: row.code, cantidad: row.movie_count }, 200);
};
