import { SQL, type DirectorMovieRow } from "../../db/catalog.ts";
import { findOrSuggest } from "../../db/suggestions.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { getDirector } from "./director.routes.ts";

export const getDirectorHandler: AppRouteHandler<typeof getDirector> = async (c) => {
  const { nombre_director } = c.req.valid("param");
  const rows = await findOrSuggest<DirectorMovieRow>(c.env.DB, SQL.director, "director", nombre_director);
  const first = rows[0];
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
