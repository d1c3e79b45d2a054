import { lookupRoute } from "../../lib/lookup-route.ts";
import { PaisResponse } from "./peliculas_pais.schemas.ts";

export const peliculasPais = lookupRoute("peliculas_pais", ["pais", "Estados Unidos", "Country code or name"], "country", {
  summary: "Movies produced in a country",
  description:
    "The country may be its ISO 3166-1 code (`US`), the dataset's name (`United States of America`), or its English or Spanish name (`Estados Unidos`, `España`).",
  answers: [PaisResponse, "Number of movies with this production country", [["A typo", "Frence", ["France"]]]],
});
