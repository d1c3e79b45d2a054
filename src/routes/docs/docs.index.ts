// The API reference: OpenAPI 3.1 at /openapi.json and the page at /docs.
//
// Generating the document walks every route's zod schemas: 16-40 ms of CPU, more than a whole
// Free-plan invocation. So it is built once per isolate, whatever the query string, and
// `npm run build` / `npm start` also write it to public/openapi.json, which the assets layer
// serves before the Worker runs at all. Its server URL is relative, right wherever it is served.
//
// The page (docs-page.ts) is plain HTML — the API's conventions and an index of its operations —
// and the interactive reference, Swagger UI, self-hosted in public/vendor, is started by
// public/docs.js when the reader reaches it or follows a link into it.
import { registerSharedComponents } from "../../lib/openapi.ts";
import type { AppOpenAPI } from "../../lib/types.ts";
import { docsPage, type IndexedOperation } from "./docs-page.ts";

export const TAGS = [
  { name: "Consultas", description: "The original API's queries: counts and figures by language, title, franchise, country, company and director." },
  { name: "Recomendación", description: "Five similar movies, by TF-IDF over genres, title and overview." },
  { name: "Búsqueda", description: "Full-text search over every name, and a movie's whole record by id." },
  { name: "Servicio", description: "Liveness, the dataset version being served, and the state of reseeding." },
  { name: "Admin", description: "Operations on the deployment; they need the `ADMIN_TOKEN` secret." },
];

const CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Movies API",
    version: "1.0.0",
    description:
      "Queries and content-based recommendations over The Movies Dataset (Kaggle, CC0). " +
      "Names are matched ignoring case, accents and extra spaces.\n\n" +
      'Errors share one envelope, `{"error": {"code", "message", ...}}`: `message` is a sentence for people, `code` is stable for programs, ' +
      "and extra fields carry details (`issues`, `sugerencias`, `anios_disponibles`, `retry_after`, `allow`).\n\n" +
      "Answers of the data routes carry an `ETag` (send it back in `If-None-Match` for a 304) and are cached for 5 minutes. " +
      "Each client may make 100 requests every 10 seconds (answers from cache do not count); past that, 429 with `Retry-After`. " +
      "Any origin may call the API (CORS); no authentication, except for `POST /admin/reseed`.",
  },
  servers: [{ url: "/", description: "The server this document is served from" }],
  tags: TAGS,
  // Public: no operation needs credentials, except the one that declares its own (POST /admin/reseed).
  security: [],
};

let document: ReturnType<AppOpenAPI["getOpenAPI31Document"]> | undefined;

/** The OpenAPI document of `app`, built on first use. */
export function openApiDocument(app: AppOpenAPI) {
  document ??= app.getOpenAPI31Document(CONFIG);
  return document;
}

/** The operations, from the route definitions (cheap: no schema is converted), in tag order. */
function indexOf(app: AppOpenAPI): IndexedOperation[] {
  const ops = app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === "route"
      ? [
          {
            method: d.route.method.toUpperCase(),
            path: d.route.path,
            summary: d.route.summary ?? "",
            tag: d.route.tags?.[0] ?? "",
            operationId: d.route.operationId ?? "",
          },
        ]
      : [],
  );
  const order = (tag: string) => TAGS.findIndex((t) => t.name === tag);
  return ops.sort((a, b) => order(a.tag) - order(b.tag));
}

let page: string | undefined;

export function registerDocs(app: AppOpenAPI) {
  registerSharedComponents(app);
  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.get("/docs", (c) => {
    page ??= docsPage(TAGS, indexOf(app));
    return c.html(page);
  });
  return app;
}
