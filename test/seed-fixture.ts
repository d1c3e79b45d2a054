// Builds a seed with the real ETL (on the bundled sample, or on the real data) for the Worker
// tests, and hands it to the Workers runtime as plain bindings: SQL statements and KV entries.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runEtl } from "../etl/pipeline.ts";
import type { SeedManifest } from "../etl/seed-manifest.ts";
import { resolveSources } from "../etl/sources.ts";
import type { KvEntry } from "../etl/write/kv.ts";
import { splitSqlStatements } from "../etl/write/sql.ts";

export interface SeedFixture {
  version: string;
  sql: string[];
  kv: KvEntry[];
  counts: Record<string, number>;
}

export async function buildSeedFixture(rawDir?: string): Promise<SeedFixture> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "movies-seed-"));
  const sources = rawDir ? resolveSources(rawDir) : resolveSources(path.resolve("data/sample"));
  const { manifest } = await runEtl({ sources, outDir, quiet: true });
  const m: SeedManifest = manifest;
  const sql = m.d1.flatMap((p) => splitSqlStatements(fs.readFileSync(path.join(outDir, p.file), "utf8")));
  const kv: KvEntry[] = JSON.parse(fs.readFileSync(path.join(outDir, m.kv.file), "utf8"));
  fs.rmSync(outDir, { recursive: true, force: true });
  return { version: m.version, sql, kv, counts: m.counts };
}
