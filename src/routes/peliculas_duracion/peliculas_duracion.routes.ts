import { titleLookupRoute } from "../../lib/lookup-route.ts";
import { DuracionResponse } from "./peliculas_duracion.schemas.ts";

export const peliculasDuracion = titleLookupRoute("peliculas_duracion", ["pelicula", "Toy Story", "Movie title"], {
  summary: "Runtime and release year of a movie",
  description:
    "When several movies share the title, the most voted one is answered (then the lowest id) and the others are listed; `?anio=` picks the one released that year.",
  answers: [DuracionResponse, "The movie's runtime and year", [["A typo", "toy stroy", ["Toy Story", "Toy Story 2", "Toy Story 3"]]]],
});
