// Everything the Worker serves as static assets from public/ that is generated, not committed:
//   public/vendor/  Swagger UI's files (scripts/vendor-assets.ts)
//   public/app/     the web UI, bundled from ui/ with esbuild
//   public/eda/     the EDA report the ETL wrote into <seed>/eda
//   public/openapi.json  the API document, so the assets layer serves it without running the Worker
// Run by `npm start`, `npm run dev`, `npm run build` and the browser tests.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { vendorAssets } from "./vendor-assets.ts";
import { openApiDocument } from "./worker-app.ts";

export const PUBLIC_DIR = path.resolve("public");

export async function buildUi(publicDir = PUBLIC_DIR): Promise<void> {
  await build({
    entryPoints: [
      { in: "ui/main.ts", out: "app" },
      { in: "ui/app.css", out: "app" },
    ],
    outdir: path.join(publicDir, "app"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    logLevel: "warning",
  });
}

/** Copies <seed>/eda to public/eda; false (and a warning) if the seed has no report yet. */
export function copyEda(seedDir = "seed", publicDir = PUBLIC_DIR): boolean {
  const from = path.resolve(seedDir, "eda");
  const to = path.join(publicDir, "eda");
  if (!fs.existsSync(path.join(from, "index.html"))) {
    process.stderr.write(`[assets] no EDA report in ${from} (run \`npm run etl\`): /eda will be missing\n`);
    return false;
  }
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
  return true;
}

/** The same document the Worker builds (src/routes/docs/docs.index.ts), from the Worker's own app run in Node. */
export async function writeOpenApi(publicDir = PUBLIC_DIR): Promise<void> {
  fs.writeFileSync(path.join(publicDir, "openapi.json"), JSON.stringify(await openApiDocument()));
}

/** `publicDir`: where to put them; the browser tests use a private copy of public/. */
export async function prepareAssets(seedDir = "seed", publicDir = PUBLIC_DIR): Promise<void> {
  vendorAssets(publicDir);
  await buildUi(publicDir);
  copyEda(seedDir, publicDir);
  await writeOpenApi(publicDir);
}

if (import.meta.url === `file://${process.argv[1]}`) await prepareAssets(process.argv[2]);
