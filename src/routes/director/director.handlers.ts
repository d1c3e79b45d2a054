import { findDirectorMovies } from "../../db/catalog.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { getDirector } from "./director.routes.ts";

export const getDirectorHandler: AppRouteHandler<typeof getDirector> = async (c) => {
  const { nombre_director } = c.req.valid("param");
  const key = normalizeName(nombre_director);
  const rows = await findDirectorMovies(c.env.DB, key);
  const first = rows[0];
  if (!first) throw notFound("director", nombre_director, await suggest(c.env.DB, "director", key));
  return c.json({
    director: first.name,
    retorno_total_director: first.return_total,
    cantidad: rows.length,
    peliculas: rows.map((r) => ({
      id: r.id, titulo: r.title, anio: r.release_year, fecha: r.release_date,
      retorno: r.return_ratio, presupuesto: r.budget, ganancia: r.revenue,
    })),
  }, 200);
};
