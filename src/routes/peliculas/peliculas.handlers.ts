import { activeDataset } from "../../db/dataset.ts";
import { findMovie } from "../../db/movies.ts";
import { neighboursOf } from "../../db/recommendations.ts";
import { ApiError } from "../../lib/errors.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { pelicula } from "./peliculas.routes.ts";
import type { Movie } from "./peliculas.schemas.ts";

export const peliculaHandler: AppRouteHandler<typeof pelicula> = async (c) => {
  const { id } = c.req.valid("param");
  // The dataset's shard map is cached per isolate; fetching it alongside the movie keeps a cold
  // isolate from paying for two sequential D1 round trips.
  const [m] = await Promise.all([findMovie(c.env.DB, id), activeDataset(c.env.DB)]);
  if (!m) throw new ApiError(404, "not_found", `No movie has id ${id}.`);
  const recs = await neighboursOf(c.env, m.title_key, m.id);
  const { collection, genres, companies, countries, languages, directors } = m.links;
  const ref = ([id, nombre]: [number, string]) => ({ id, nombre });
  const codeRef = ([codigo, nombre]: [string, string]) => ({ codigo, nombre });
  const body: Movie = {
    id: m.id,
    titulo: m.title,
    fecha: m.release_date,
    anio: m.release_year,
    duracion: m.runtime,
    presupuesto: m.budget,
    ganancia: m.revenue,
    retorno: m.return_ratio,
    popularidad: m.popularity,
    votos_promedio: m.vote_average,
    votos_cantidad: m.vote_count,
    idioma_original: m.original_language,
    resumen: m.overview,
    franquicia: collection && ref(collection),
    generos: genres.map(ref),
    productoras: companies.map(ref),
    paises: countries.map(codeRef),
    idiomas: languages.map(codeRef),
    directores: directors.map(ref),
    recomendaciones: recs,
  };
  return c.json(body, 200);
};
