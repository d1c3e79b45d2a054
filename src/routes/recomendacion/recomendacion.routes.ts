import { titleLookupRoute } from "../../lib/lookup-route.ts";
import { RecomendacionResponse } from "./recomendacion.schemas.ts";

export const recomendacion = titleLookupRoute("recomendacion", ["titulo", "Toy Story", "Movie title"], {
  tag: "Recomendación",
  summary: "The five most similar movies",
  description:
    "Content-based: TF-IDF over genres, title and overview, cosine similarity, computed for every movie of the catalogue by the ETL. Same title rules and `?anio=` as /peliculas_duracion.",
  answers: [RecomendacionResponse, "Up to five recommendations, most similar first", [["A typo", "the matrx", ["The Matrix"]]]],
});
