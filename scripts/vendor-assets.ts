// Copies Swagger UI's browser files from node_modules into public/vendor (git-ignored), so the
// docs page is served by the Worker's own static assets, never from a CDN.
import fs from "node:fs";
import path from "node:path";

const FILES = ["swagger-ui-bundle.js", "swagger-ui.css"];
const from = path.resolve("node_modules/swagger-ui-dist");
const to = path.resolve("public/vendor/swagger-ui");

export function vendorAssets() {
  fs.mkdirSync(to, { recursive: true });
  for (const f of FILES) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

if (import.meta.url === `file://${process.argv[1]}`) vendorAssets();
