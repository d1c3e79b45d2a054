import { findRecommendations } from "../../db/recommendations.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import { pickByYear } from "../../lib/titles.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { recomendacion } from "./recomendacion.routes.ts";

export const recomendacionHandler: AppRouteHandler<typeof recomendacion> = async (c) => {
  const { titulo } = c.req.valid("param");
  const { anio } = c.req.valid("query");
  const key = normalizeName(titulo);
  // A hit is one KV read (the shard map is cached per isolate); only a miss asks D1 for suggestions.
  const movies = await findRecommendations(c.env, key);
  if (!movies.length) throw notFound("movie", titulo, await suggest(c.env.DB, "title", key));
  const { primary } = pickByYear(movies, anio, titulo, [movies[0]!.titulo]);
  return c.json({
    id: primary.id,
    titulo: primary.titulo,
    anio: primary.anio,
    titulos_recomendados: primary.recs.map((r) => r.titulo),
    recomendaciones: primary.recs,
  }, 200);
};
