// Builds a seed with the real ETL (on the bundled sample, or on the real data) for the Worker
// tests, and hands it to the Workers runtime as plain bindings: SQL statements and KV entries.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runEtl } from "../etl/pipeline.ts";
import type { SeedManifest } from "../etl/seed-manifest.ts";
import { resolveSources } from "../etl/sources.ts";
import type { KvEntry } from "../etl/write/kv.ts";

export interface SeedFixture { version: string; sql: string[]; kv: KvEntry[]; counts: Record<string, number> }

/** Splits a seed SQL file into statements (each INSERT ends with ";\n" and quotes are doubled). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'") inString = !inString;
    else if (!inString && ch === ";") {
      const s = sql.slice(start, i).replace(/^(\s*--[^\n]*\n)*/g, "").trim();
      if (s) out.push(s);
      start = i + 1;
    }
  }
  return out;
}

export async function buildSeedFixture(rawDir?: string): Promise<SeedFixture> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "movies-seed-"));
  const sources = rawDir ? resolveSources(rawDir) : resolveSources(path.resolve("data/sample"));
  const { manifest } = await runEtl({ sources, outDir, quiet: true });
  const m: SeedManifest = manifest;
  const sql = m.d1.flatMap((p) => splitStatements(fs.readFileSync(path.join(outDir, p.file), "utf8")));
  const kv: KvEntry[] = JSON.parse(fs.readFileSync(path.join(outDir, m.kv.file), "utf8"));
  fs.rmSync(outDir, { recursive: true, force: true });
  return { version: m.version, sql, kv, counts: m.counts };
}
