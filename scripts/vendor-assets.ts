// Copies Swagger UI's browser files from node_modules into public/vendor (git-ignored), so the
// docs page is served by the Worker's own static assets, never from a CDN.
import fs from "node:fs";
import path from "node:path";

const FILES = ["swagger-ui-bundle.js", "swagger-ui.css"];
const from = path.resolve("node_modules/swagger-ui-dist");

/** `publicDir`: the static assets folder (another one than public/ for the browser tests). */
export function vendorAssets(publicDir = "public") {
  const to = path.resolve(publicDir, "vendor/swagger-ui");
  fs.mkdirSync(to, { recursive: true });
  for (const f of FILES) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

if (import.meta.url === `file://${process.argv[1]}`) vendorAssets();
