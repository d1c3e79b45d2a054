import { lookupRoute } from "../../lib/lookup-route.ts";
import { DirectorResponse } from "./get_director.schemas.ts";

export const getDirector = lookupRoute("get_director", ["nombre_director", "John Lasseter", "Director name"], "director", {
  summary: "A director's movies with budget, revenue and return",
  description:
    "The director's movies by release date, each with its budget, revenue and return (revenue / budget, 0 when the budget is unknown); `retorno_total_director` is the sum of those returns. Case, accents, punctuation and extra spaces in the name are ignored.",
  answers: [DirectorResponse, "The director's movies", [["A typo", "john laseter", ["John Lasseter"]]]],
});
