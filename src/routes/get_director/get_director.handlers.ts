import { type DirectorRow, directorMovies, SQL } from "../../db/lookups.ts";
import { findOrSuggest } from "../../db/suggestions.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { getDirector } from "./get_director.routes.ts";
import type { Director } from "./get_director.schemas.ts";

export const getDirectorHandler: AppRouteHandler<typeof getDirector> = async (c) => {
  const { nombre_director } = c.req.valid("param");
  const [director] = await findOrSuggest<DirectorRow>(c.env.DB, SQL.director, "director", nombre_director);
  const movies = directorMovies(director);
  return c.json(
    {
      director: director.name,
      retorno_total_director: director.return_total,
      cantidad: movies.length,
      peliculas: movies.map((r) => ({
        id: r.id,
        titulo: r.title,
        anio: r.release_year,
        fecha: r.release_date,
        retorno: r.return_ratio,
        presupuesto: r.budget,
        ganancia: r.revenue,
      })),
    } satisfies Director,
    200,
  );
};
