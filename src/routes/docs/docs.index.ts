// The API reference: OpenAPI 3.1 at /openapi.json and Swagger UI at /docs. Swagger UI's files
// are Workers static assets (public/vendor, copied from the swagger-ui-dist package by
// scripts/vendor-assets.ts), so the page loads nothing from a CDN.
//
// Generating the document walks every route's zod schemas: 16-40 ms of CPU, more than a whole
// Free-plan invocation. So it is built once per isolate, whatever the query string, and
// `npm run build` / `npm start` also write it to public/openapi.json, which the assets layer
// serves before the Worker runs at all. Its server URL is relative, right wherever it is served.
import type { AppOpenAPI } from "../../lib/types.ts";

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Movies API — reference</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/docs.js"></script>
</body>
</html>`;

const CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Movies API",
    version: "1.0.0",
    description:
      "Queries and content-based recommendations over The Movies Dataset (Kaggle, CC0). " +
      "Names are matched ignoring case, accents and extra spaces. Errors share one envelope: " +
      '`{"error": {"code", "message", ...}}`.',
  },
  servers: [{ url: "/", description: "The server this document is served from" }],
};

let document: ReturnType<AppOpenAPI["getOpenAPI31Document"]> | undefined;

/** The OpenAPI document of `app`, built on first use. */
export function openApiDocument(app: AppOpenAPI) {
  return (document ??= app.getOpenAPI31Document(CONFIG));
}

export function registerDocs(app: AppOpenAPI) {
  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.get("/docs", (c) => c.html(DOCS_HTML));
  return app;
}
