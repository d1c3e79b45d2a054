import { type LanguageRow, SQL } from "../../db/lookups.ts";
import { findOrSuggest } from "../../db/suggestions.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import type { peliculasIdioma } from "./peliculas_idioma.routes.ts";
import type { Language } from "./peliculas_idioma.schemas.ts";

export const peliculasIdiomaHandler: AppRouteHandler<typeof peliculasIdioma> = async (c) => {
  const { idioma } = c.req.valid("param");
  const [row] = await findOrSuggest<LanguageRow>(c.env.DB, SQL.language, "language", idioma);
  return c.json({ idioma: row.name, codigo: row.code, cantidad: row.first_count } satisfies Language, 200);
};
