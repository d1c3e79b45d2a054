// The seed folder's manifest.json: what `npm run etl` wrote there (the D1 SQL files, the KV
// bulk file, the counts), read by the scripts that load, serve or benchmark a seed. Not the R2
// bundle's manifest, which the Worker's reseed reads (BundleManifest, src/shared/bundle.ts).
import fs from "node:fs";
import path from "node:path";

export interface SeedManifest {
  version: string;
  builtAt: string;
  source: { dir: string; sample: boolean };
  inputs: Record<string, unknown>;
  code: string;
  counts: Record<string, number>;
  d1: { table: string; file: string; sha256: string; bytes: number; statements: number }[];
  kv: { file: string; keys: number; bytes: number; shards: number; largestShard: number };
}

export const SEED_MANIFEST_FILE = "manifest.json";

export function readSeedManifest(seedDir: string): SeedManifest {
  return JSON.parse(fs.readFileSync(path.join(seedDir, SEED_MANIFEST_FILE), "utf8")) as SeedManifest;
}
