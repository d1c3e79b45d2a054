import { createRoute } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { nameParam } from "../../lib/params.ts";
import { DirectorResponse } from "./get_director.schemas.ts";

export const getDirector = createRoute({
  method: "get",
  path: "/get_director/{nombre_director}",
  operationId: "getDirector",
  tags: ["Consultas"],
  summary: "A director's movies with budget, revenue and return",
  description:
    "The director's movies by release date, each with its budget, revenue and return (revenue / budget, 0 when the budget is unknown); `retorno_total_director` is the sum of those returns. Case, accents, punctuation and extra spaces in the name are ignored.",
  request: { params: nameParam("nombre_director", "John Lasseter", "Director name") },
  responses: lookupResponses(DirectorResponse, "The director's movies", "No director matches; `sugerencias` lists close names that exist.", [
    errorAnswer("A typo", "GET /get_director/john%20laseter", "not_found", 'No director matches "john laseter".', { sugerencias: ["John Lasseter"] }),
  ]),
});
