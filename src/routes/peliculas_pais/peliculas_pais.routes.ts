import { createRoute } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { nameParam } from "../../lib/params.ts";
import { PaisResponse } from "./peliculas_pais.schemas.ts";

export const peliculasPais = createRoute({
  method: "get",
  path: "/peliculas_pais/{pais}",
  operationId: "peliculasPais",
  tags: ["Consultas"],
  summary: "Movies produced in a country",
  description:
    "The country may be its ISO 3166-1 code (`US`), the dataset's name (`United States of America`), or its English or Spanish name (`Estados Unidos`, `España`).",
  request: { params: nameParam("pais", "Estados Unidos", "Country code or name") },
  responses: lookupResponses(PaisResponse, "Number of movies with this production country", "No country matches; `sugerencias` lists close names that exist.", [
    errorAnswer("A typo", "GET /peliculas_pais/Frence", "not_found", 'No country matches "Frence".', { sugerencias: ["France"] }),
  ]),
});
