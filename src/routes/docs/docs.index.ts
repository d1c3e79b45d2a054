// The API reference: OpenAPI 3.1 at /openapi.json and Swagger UI at /docs. Swagger UI's files
// are Workers static assets (public/vendor, copied from the swagger-ui-dist package by
// scripts/vendor-assets.ts), so the page loads nothing from a CDN.
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

export function registerDocs(app: AppOpenAPI) {
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Movies API",
      version: "1.0.0",
      description:
        "Queries and content-based recommendations over The Movies Dataset (Kaggle, CC0). " +
        "Names are matched ignoring case, accents and extra spaces. Errors share one envelope: " +
        '`{"error": {"code", "message", ...}}`.',
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  app.get("/docs", (c) => c.html(DOCS_HTML));
  return app;
}
