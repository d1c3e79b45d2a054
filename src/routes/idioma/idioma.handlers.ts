import { findLanguage } from "../../db/catalog.ts";
import { suggest } from "../../db/suggestions.ts";
import { notFound } from "../../lib/errors.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { normalizeName } from "../../shared/normalize.ts";
import type { peliculasIdioma } from "./idioma.routes.ts";

export const peliculasIdiomaHandler: AppRouteHandler<typeof peliculasIdioma> = async (c) => {
  const { idioma } = c.req.valid("param");
  const key = normalizeName(idioma);
  const row = await findLanguage(c.env.DB, key);
  if (!row) throw notFound("language", idioma, await suggest(c.env.DB, "language", key));
  return c.json({ idioma: row.name, codigo: row.code, cantidad: row.first_count }, 200);
};
