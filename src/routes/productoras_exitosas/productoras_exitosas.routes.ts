import { lookupRoute } from "../../lib/lookup-route.ts";
import { ProductoraResponse } from "./productoras_exitosas.schemas.ts";

export const productorasExitosas = lookupRoute("productoras_exitosas", ["productora", "Pixar Animation Studios", "Production company name"], "company", {
  summary: "Total revenue and number of movies of a production company",
  description:
    "Sums the revenue of every movie the company produced, each movie counted once (a movie can list several companies). Case, accents, punctuation and extra spaces in the name are ignored (`warner bros` is `Warner Bros.`).",
  answers: [ProductoraResponse, "The company's movies and their revenue", [["A first word", "pixar", ["Pixar Animation Studios"]]]],
});
