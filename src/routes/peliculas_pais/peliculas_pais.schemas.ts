// The answer of `GET /peliculas_pais/{pais}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import type { z } from "@hono/zod-openapi";
import { countedName } from "../../lib/answer-shapes.ts";

export const PaisResponse = countedName("Pais", "pais", { pais: "United States of America", codigo: "US", cantidad: 40 });

export type Country = z.infer<typeof PaisResponse>;
