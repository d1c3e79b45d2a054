import { lookupRoute } from "../../lib/lookup-route.ts";
import { FranquiciaResponse } from "./franquicia.schemas.ts";

export const franquicia = lookupRoute("franquicia", ["franquicia", "Toy Story Collection", "Collection name"], "franchise", {
  summary: "Revenue of a franchise (collection)",
  description:
    'A franchise is a collection of the dataset (`belongs_to_collection`), e.g. `Toy Story Collection`, found with or without "Collection" (`toy story`). Its revenue is the sum over its movies; a movie whose revenue is unknown counts as 0, in the total and in the average.',
  answers: [FranquiciaResponse, "Movies in the collection and their revenue", [["A typo", "toy stroy", ["Toy Story Collection"]]]],
});
