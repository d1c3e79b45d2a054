import { findTitles } from "../../db/catalog.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import { pickByYear } from "../../lib/titles.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { peliculasDuracion } from "./duracion.routes.ts";

export const peliculasDuracionHandler: AppRouteHandler<typeof peliculasDuracion> = async (c) => {
  const { pelicula } = c.req.valid("param");
  const { anio } = c.req.valid("query");
  const key = normalizeName(pelicula);
  const movies = await findTitles(c.env.DB, key);
  if (!movies.length) throw notFound("movie", pelicula, await suggest(c.env.DB, "title", key));
  const { primary, others } = pickByYear(movies, anio, pelicula, [movies[0]!.title]);
  return c.json({
    id: primary.id,
    pelicula: primary.title,
    duracion: primary.runtime,
    anio: primary.release_year,
    otras_coincidencias: others.map((m) => ({ id: m.id, titulo: m.title, anio: m.release_year, duracion: m.runtime })),
  }, 200);
};
