import { lookupRoute } from "../../lib/lookup-route.ts";
import { IdiomaResponse } from "./peliculas_idioma.schemas.ts";

export const peliculasIdioma = lookupRoute("peliculas_idioma", ["idioma", "es", "Language code or name"], "language", {
  summary: "Movies whose first spoken language is this one",
  description:
    "The language may be its ISO 639-1 code (`es`), the dataset's name (`Español`, `日本語`), or its English or Spanish name (`Spanish`, `español`). Accents and case are ignored.",
  answers: [
    IdiomaResponse,
    "Number of movies whose first spoken language is this one",
    [
      ["Unknown language", "klingon", []],
      ["A typo", "englsh", ["English"]],
    ],
  ],
});
