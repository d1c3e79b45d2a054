import { SQL, type TitlePartRow, titleMovies } from "../../db/lookups.ts";
import { findOrSuggest } from "../../db/suggestions.ts";
import { pickByYear } from "../../lib/titles.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { peliculasDuracion } from "./peliculas_duracion.routes.ts";
import type { Runtime } from "./peliculas_duracion.schemas.ts";

export const peliculasDuracionHandler: AppRouteHandler<typeof peliculasDuracion> = async (c) => {
  const { pelicula } = c.req.valid("param");
  const { anio } = c.req.valid("query");
  const movies = titleMovies(await findOrSuggest<TitlePartRow>(c.env.DB, SQL.titles, "title", pelicula));
  const { primary, others } = pickByYear(movies, anio, pelicula, [movies[0]!.title]);
  return c.json(
    {
      id: primary.id,
      pelicula: primary.title,
      duracion: primary.runtime,
      anio: primary.release_year,
      otras_coincidencias: others.map((m) => ({ id: m.id, titulo: m.title, anio: m.release_year, duracion: m.runtime })),
    } satisfies Runtime,
    200,
  );
};
