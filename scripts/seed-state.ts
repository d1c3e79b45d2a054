// Whether a seed folder must be rebuilt: missing, built from other raw data, or by other ETL
// code. Shared by `npm start` (seed/) and `npm run bench:api` (its private seed).
import fs from "node:fs";
import path from "node:path";
import { codeFingerprint } from "../etl/fingerprint.ts";
import { readSeedManifest, SEED_MANIFEST_FILE } from "../etl/seed-manifest.ts";
import { inputFingerprint, type Sources } from "../etl/sources.ts";

/** Why `seedDir` is stale for `sources`, or undefined when it is up to date. */
export function seedStaleReason(seedDir: string, sources: Sources): string | undefined {
  if (!fs.existsSync(path.join(seedDir, SEED_MANIFEST_FILE))) return "no seed yet";
  const m = readSeedManifest(seedDir);
  if (m.source.dir !== sources.dir) return `data source changed (${m.source.dir} -> ${sources.dir})`;
  if (JSON.stringify(m.inputs) !== JSON.stringify(inputFingerprint(sources))) return "raw data changed";
  if (m.code !== codeFingerprint()) return "ETL code changed";
  return undefined;
}
