// Prints the size of the Worker bundle that `npm run build` wrote to dist/ (wrangler deploy
// --dry-run --outdir dist --minify), raw and gzipped, and fails above the project's budget:
// 1 MB gzip (the free plan allows 3 MB; startup time grows with the script).
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const DIST = path.resolve(process.argv[2] ?? "dist");
const BUDGET_GZIP = 1024 * 1024;

const files = fs
  .readdirSync(DIST, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.(m?js|wasm)$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name));
if (!files.length) {
  console.error(`bundle-size: no .js in ${DIST}; run wrangler deploy --dry-run --outdir dist first`);
  process.exit(1);
}
let raw = 0;
let gzip = 0;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
for (const f of files) {
  const bytes = fs.readFileSync(f);
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += gz;
  console.log(`  ${path.relative(process.cwd(), f)}: ${kib(bytes.length)}, gzip ${kib(gz)}`);
}
console.log(`Worker bundle: ${kib(raw)}, gzip ${kib(gzip)} (budget ${kib(BUDGET_GZIP)} gzip)`);
if (gzip > BUDGET_GZIP) {
  console.error(`bundle-size: over budget by ${kib(gzip - BUDGET_GZIP)}`);
  process.exit(1);
}
