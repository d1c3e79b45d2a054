import { recommendedFor } from "../../db/recommendations.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import { notInYear } from "../../lib/titles.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { recomendacion } from "./recomendacion.routes.ts";
import type { Recommendations } from "./recomendacion.schemas.ts";

export const recomendacionHandler: AppRouteHandler<typeof recomendacion> = async (c) => {
  const { titulo } = c.req.valid("param");
  const { anio } = c.req.valid("query");
  const key = normalizeName(titulo);
  // A hit is one KV read (the shard map is cached per isolate); only a miss asks D1 for suggestions.
  const pick = await recommendedFor(c.env, key, anio);
  if (!pick) throw notFound("movie", titulo, await suggest(c.env.DB, "title", key));
  if ("years" in pick) throw notInYear(titulo, anio!, [pick.titulo], pick.years);
  const primary = pick.movie;
  return c.json(
    {
      id: primary.id,
      titulo: primary.titulo,
      anio: primary.anio,
      titulos_recomendados: primary.recs.map((r) => r.titulo),
      recomendaciones: primary.recs,
    } satisfies Recommendations,
    200,
  );
};
