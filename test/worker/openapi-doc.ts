// The Worker's OpenAPI document as the tests walk it: every operation with its method and path.
// Read from the app itself (the document /openapi.json serves), and checked against the parts of
// the document the tests read (loose objects: every other field is kept as it is).
import { z } from "@hono/zod-openapi";
import app from "../../src/app.ts";
import { openApiDocument } from "../../src/routes/docs/docs.index.ts";

const ParameterSchema = z.looseObject({
  name: z.string(),
  in: z.enum(["path", "query"]),
  required: z.boolean().optional(),
  example: z.unknown().optional(),
  schema: z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    minimum: z.number().optional(),
    enum: z.array(z.string()).optional(),
    example: z.unknown().optional(),
  }),
});
const OperationSchema = z.looseObject({
  operationId: z.string(),
  parameters: z.array(ParameterSchema).optional(),
  security: z.array(z.unknown()).optional(),
  responses: z.record(z.string(), z.looseObject({})),
});
export const DocSchema = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.record(z.string(), OperationSchema)),
  components: z.looseObject({ responses: z.record(z.string(), z.looseObject({})), headers: z.record(z.string(), z.looseObject({})) }),
});

export type Parameter = z.infer<typeof ParameterSchema>;
export type Operation = z.infer<typeof OperationSchema> & { method: string; path: string };
export type Doc = z.infer<typeof DocSchema>;

export const doc: Doc = DocSchema.parse(openApiDocument(app));

/** Every operation of the document, METHOD in capitals. */
export const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
);

/** The seven lookup routes of the original API: the document must list each one. */
export const LOOKUP_TEMPLATES = [
  "/peliculas_idioma/{idioma}",
  "/peliculas_duracion/{pelicula}",
  "/franquicia/{franquicia}",
  "/peliculas_pais/{pais}",
  "/productoras_exitosas/{productora}",
  "/get_director/{nombre_director}",
  "/recomendacion/{titulo}",
];
