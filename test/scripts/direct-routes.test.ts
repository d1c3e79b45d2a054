// Which of the Worker's paths the local server sends straight to it, past the assets layer
// (scripts/direct-routes.ts): only prefixes no file of the assets directory can be served at.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { assetUrls, directPrefixes } from "../../scripts/direct-routes.ts";

const ROUTES = [
  "/*",
  "/peliculas_idioma/:idioma",
  "/buscar",
  "/health",
  "/docs",
  "/about/:x",
  "/eda/report/:id",
  "/admin/*",
  "/admin/reseed",
  "/recomendacion/{titulo}",
];

let dir: string;
function assets(files: string[]): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "direct-routes-"));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), "x");
  }
  return dir;
}
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("direct routes", () => {
  it("lists every URL a file may be served at, .html and index.html forms included", () => {
    const urls = assetUrls(assets(["index.html", "docs.js", "about.html", "eda/index.html", "vendor/a/b.css"]));
    expect(urls.sort()).toEqual(
      [
        "/",
        "/about",
        "/about.html",
        "/about/",
        "/docs.js",
        "/eda",
        "/eda/",
        "/eda/index",
        "/eda/index.html",
        "/eda/index/",
        "/index",
        "/index.html",
        "/index/",
        "/vendor/a/b.css",
      ].sort(),
    );
  });

  it("keeps the Worker's prefixes no asset URL starts with, shortest first, none inside another", () => {
    const got = directPrefixes(ROUTES, assets(["index.html", "docs.js", "about.html", "eda/index.html", "_headers"]));
    // "/" is every asset; /docs is a prefix of /docs.js; /about is about.html; /eda/report/ is not a file.
    expect(got).toEqual(["/admin/", "/buscar", "/health", "/eda/report/", "/recomendacion/", "/peliculas_idioma/"]);
  });

  it("keeps none when the assets layer may answer paths no file names", () => {
    expect(directPrefixes(ROUTES, assets(["index.html", "_redirects"]))).toEqual([]);
    expect(directPrefixes(ROUTES, assets(["index.html"]), { not_found_handling: "single-page-application" })).toEqual([]);
    expect(directPrefixes(ROUTES, assets(["index.html"]), { not_found_handling: "none" })).toContain("/health");
  });
});
