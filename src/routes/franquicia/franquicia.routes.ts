import { createRoute } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { nameParam } from "../../lib/params.ts";
import { FranquiciaResponse } from "./franquicia.schemas.ts";

export const franquicia = createRoute({
  method: "get",
  path: "/franquicia/{franquicia}",
  operationId: "franquicia",
  tags: ["Consultas"],
  summary: "Revenue of a franchise (collection)",
  description:
    'A franchise is a collection of the dataset (`belongs_to_collection`), e.g. `Toy Story Collection`, found with or without "Collection" (`toy story`). Its revenue is the sum over its movies; a movie whose revenue is unknown counts as 0, in the total and in the average.',
  request: { params: nameParam("franquicia", "Toy Story Collection", "Collection name") },
  responses: lookupResponses(
    FranquiciaResponse,
    "Movies in the collection and their revenue",
    "No franchise matches; `sugerencias` lists close names that exist.",
    [errorAnswer("A typo", "GET /franquicia/toy%20stroy", "not_found", 'No franchise matches "toy stroy".', { sugerencias: ["Toy Story Collection"] })],
  ),
});
