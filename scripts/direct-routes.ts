// Which requests the local server may hand to the Worker without asking the static-assets layer
// first. With assets configured, Miniflare sends every request through two extra workers (an
// RPC proxy and the assets router) and an existence check in a third (the asset worker) before
// the Worker runs: on this machine that was more than half of the CPU of a request that does
// nothing. A Miniflare route goes straight to the Worker (same isolate, same bindings), so the
// server routes the Worker's own path prefixes there — only those that no file under the assets
// directory can answer, so every request gets the answer it would get through the assets layer
// (which serves a file when one matches, and otherwise runs the Worker).
import fs from "node:fs";
import path from "node:path";

/** The [assets] settings that decide which URLs a file can answer (wrangler.toml). */
export interface AssetsRouting {
  not_found_handling?: string;
}

/** Every URL path a file under `dir` may be served at, under any html_handling mode. */
export function assetUrls(dir: string): string[] {
  const urls: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        walk(child);
        continue;
      }
      urls.push(child);
      if (child.endsWith(".html")) {
        const bare = child.slice(0, -".html".length); // /a/b.html is also /a/b and /a/b/
        urls.push(bare, `${bare}/`);
        if (entry.name === "index.html") urls.push(rel || "/", `${rel}/`); // /a/index.html is /a and /a/
      }
    }
  };
  walk("");
  return [...new Set(urls)];
}

/**
 * The literal path prefixes of the Worker's routes (`routePaths`, Hono paths such as
 * "/peliculas_idioma/:idioma") that no asset URL starts with, shortest first, none inside
 * another. Empty when the assets layer could answer paths no file names: a `_redirects` file,
 * or a `not_found_handling` that serves a page for unknown paths.
 */
export function directPrefixes(routePaths: string[], assetsDir: string, assets: AssetsRouting = {}): string[] {
  if (fs.existsSync(path.join(assetsDir, "_redirects"))) return [];
  if (assets.not_found_handling !== undefined && assets.not_found_handling !== "none") return [];
  const urls = assetUrls(assetsDir);
  const literal = (p: string) => p.split(/[:*{]/, 1)[0]!;
  // Only plain characters: Miniflare matches routes on the raw (percent-encoded) path, the assets
  // layer on the decoded one, and these two agree on such a prefix.
  const candidates = [...new Set(routePaths.map(literal))]
    .filter((p) => /^\/[A-Za-z0-9_.-][A-Za-z0-9_./-]*$/.test(p) && !urls.some((u) => u.startsWith(p)))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
  return candidates.filter((p, i) => !candidates.slice(0, i).some((q) => p.startsWith(q)));
}
