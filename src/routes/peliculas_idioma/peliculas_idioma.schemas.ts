// The answer of `GET /peliculas_idioma/{idioma}`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import type { z } from "@hono/zod-openapi";
import { countedName } from "../../lib/answer-shapes.ts";

export const IdiomaResponse = countedName("Idioma", "idioma", { idioma: "Español", codigo: "es", cantidad: 3 });

export type Language = z.infer<typeof IdiomaResponse>;
