// Facts about wrangler.toml that scripts need without loading wrangler itself (importing the
// `wrangler` package to parse its config costs seconds, too much for every `npm start`).
import fs from "node:fs";
import { sha256 } from "../etl/hash.ts";

export const WRANGLER_TOML = "wrangler.toml";

/**
 * The `[[section]]` tables of a TOML text, each as its key lines (comments and blank lines
 * dropped). A TOML table runs from its header to the next line that starts a header.
 */
export function tableArrays(toml: string, section: string): string[][] {
  const tables: string[][] = [];
  let current: string[] | undefined;
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      current = line.replace(/\s+/g, "") === `[[${section}]]` ? [] : undefined;
      if (current) tables.push(current);
    } else if (current && line && !line.startsWith("#")) {
      current.push(line);
    }
  }
  return tables;
}

/**
 * Identifies the local D1 and KV stores wrangler and miniflare use: they are keyed by the
 * binding's id, or by its binding name when no id is set, so any change to these tables (an id
 * added or removed, a binding renamed) means another, possibly empty, local store.
 */
export function localStorageIdentity(toml = fs.readFileSync(WRANGLER_TOML, "utf8")): string {
  return sha256(JSON.stringify(["d1_databases", "kv_namespaces"].map((s) => tableArrays(toml, s))));
}
