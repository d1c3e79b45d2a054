import { type CountryRow, SQL } from "../../db/lookups.ts";
import { findOrSuggest } from "../../db/suggestions.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { peliculasPais } from "./peliculas_pais.routes.ts";
import type { Country } from "./peliculas_pais.schemas.ts";

export const peliculasPaisHandler: AppRouteHandler<typeof peliculasPais> = async (c) => {
  const { pais } = c.req.valid("param");
  const [row] = await findOrSuggest<CountryRow>(c.env.DB, SQL.country, "country", pais);
  return c.json({ pais: row.name, codigo: row.code, cantidad: row.movie_count } satisfies Country, 200);
};
