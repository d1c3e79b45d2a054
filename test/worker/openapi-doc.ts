// The Worker's OpenAPI document as the tests walk it: every operation with its method and path.
// Read from the app itself (the document /openapi.json serves).
import app from "../../src/app.ts";
import { openApiDocument } from "../../src/routes/docs/docs.index.ts";

export interface Parameter {
  name: string;
  in: "path" | "query";
  required?: boolean;
  example?: unknown;
  schema: { type?: string; minimum?: number; enum?: string[]; example?: unknown };
}
export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters?: Parameter[];
  security?: unknown[];
  responses: Record<string, object>;
}
export type Doc = { paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, object>; headers: Record<string, object> } };

export const doc = openApiDocument(app) as unknown as Doc;

/** Every operation of the document, METHOD in capitals. */
export const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
);
