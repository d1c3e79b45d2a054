import { createRoute } from "@hono/zod-openapi";
import { errorAnswer, lookupResponses } from "../../lib/openapi.ts";
import { nameParam } from "../../lib/params.ts";
import { ProductoraResponse } from "./productoras_exitosas.schemas.ts";

export const productorasExitosas = createRoute({
  method: "get",
  path: "/productoras_exitosas/{productora}",
  operationId: "productorasExitosas",
  tags: ["Consultas"],
  summary: "Total revenue and number of movies of a production company",
  description:
    "Sums the revenue of every movie the company produced, each movie counted once (a movie can list several companies). Case, accents, punctuation and extra spaces in the name are ignored (`warner bros` is `Warner Bros.`).",
  request: { params: nameParam("productora", "Pixar Animation Studios", "Production company name") },
  responses: lookupResponses(
    ProductoraResponse,
    "The company's movies and their revenue",
    "No production company matches; `sugerencias` lists close names that exist.",
    [
      errorAnswer("A first word", "GET /productoras_exitosas/pixar", "not_found", 'No production company matches "pixar".', {
        sugerencias: ["Pixar Animation Studios"],
      }),
    ],
  ),
});
