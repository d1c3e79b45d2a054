// A hash of the code that shapes the seed (ETL, shared module, schema): a seed built by older
// code is stale even if the raw data did not change.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const ROOTS = ["etl", "src/shared", "migrations"];

export function codeFingerprint(root = process.cwd()): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) return;
    for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|sql|py)$/.test(e.name)) h.update(rel).update(fs.readFileSync(path.join(root, rel)));
    }
  };
  ROOTS.forEach(walk);
  return h.digest("hex").slice(0, 16);
}
