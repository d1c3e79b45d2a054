// Seed bundles for the reseed tests, built by the real ETL (runs in Node, from vitest.config.ts).
// The bundled sample (67 movies) is too small for "1% of the movies", so the raw CSVs are first
// copied REPLICAS times (new ids, numbered titles: 670 movies), then edited:
//   v1  the replicated sample
//   v2  v1 with one movie edited (Toy Story's runtime 81 -> 95)
//   v3  v1 with 1% of the movies edited (runtime, revenue, votes, overview)
// and the deltas between every two of them, as `npm run publish` computes them. Their part lists
// are cut far smaller than the ETL's (FIXTURE_LIST_BYTES): a small bundle then spans several
// lists, and runs cross from one to the next as they do on a large catalogue.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { sha256 } from "../etl/hash.ts";
import { runEtl } from "../etl/pipeline.ts";
import { computeDelta } from "../etl/publish/delta.ts";
import { resolveSources, SAMPLE_DIR } from "../etl/sources.ts";
import { BundleStore, writeManifest } from "../etl/write/bundle.ts";
import type { KvEntry } from "../etl/write/kv.ts";
import { splitSqlStatements } from "../etl/write/sql.ts";
import { fullLoadStateSql } from "../scripts/full-load-state.ts";
import { manifestKey, partKey } from "../src/shared/bundle.ts";
import { BUNDLES, type BundleName, FIXTURE_LIST_BYTES, type FixtureBundle, type ReseedFixture } from "./reseed/fixture-types.ts";

export const REPLICAS = 10;
const ID_STRIDE = 1_000_000;
const EDITED: ReseedFixture["edited"] = { id: 862, title: "Toy Story", runtime: { before: 81, after: 95 } };

type Csv = { header: string[]; rows: string[][] };
const readCsv = (file: string): Csv => {
  const [header, ...rows] = parse(fs.readFileSync(file, "utf8"), { relax_column_count: true }) as string[][];
  return { header: header!, rows };
};
const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const writeCsv = (file: string, csv: Csv) => fs.writeFileSync(file, [csv.header, ...csv.rows].map((r) => r.map(quote).join(",")).join("\n") + "\n");

/** REPLICAS copies of the sample; copies shift valid ids and number the titles. Bad rows stay once. */
function replicate(): { movies: Csv; credits: Csv } {
  const movies = readCsv(path.join(SAMPLE_DIR, "movies_dataset.csv"));
  const credits = readCsv(path.join(SAMPLE_DIR, "credits.csv"));
  const mid = movies.header.indexOf("id");
  const title = movies.header.indexOf("title");
  const cid = credits.header.indexOf("id");
  const out = { movies: { header: movies.header, rows: [...movies.rows] }, credits: { header: credits.header, rows: [...credits.rows] } };
  for (let k = 1; k < REPLICAS; k++) {
    for (const r of movies.rows) {
      if (!/^\d+$/.test(r[mid] ?? "")) continue;
      const copy = [...r];
      copy[mid] = String(Number(r[mid]) + k * ID_STRIDE);
      copy[title] = `${r[title]} ${k + 1}`;
      out.movies.rows.push(copy);
    }
    for (const r of credits.rows) {
      const copy = [...r];
      copy[cid] = String(Number(r[cid]) + k * ID_STRIDE);
      out.credits.rows.push(copy);
    }
  }
  return out;
}

/** Edits runtime (and revenue) of the chosen movies' first row; returns their ids. */
function edit(movies: Csv, pick: (id: number, index: number) => boolean, change: (row: string[], col: (n: string) => number) => void): number[] {
  const col = (n: string) => movies.header.indexOf(n);
  const ids: number[] = [];
  const seen = new Set<string>();
  movies.rows.forEach((r, i) => {
    const id = r[col("id")] ?? "";
    const valid = /^\d+$/.test(id) && /^\d{4}-\d{2}-\d{2}$/.test(r[col("release_date")] ?? "") && !seen.has(id);
    seen.add(id);
    if (valid && pick(Number(id), i)) {
      change(r, col);
      ids.push(Number(id));
    }
  });
  return ids;
}

/** Runs the ETL into the shared seed folder: its bundle store accumulates every version's parts. */
async function buildVersion(rawDir: string, seedDir: string, editedIds: number[]) {
  const { manifest: seed } = await runEtl({ sources: resolveSources(rawDir), outDir: seedDir, quiet: true, threads: 1 });
  const store = new BundleStore(path.join(seedDir, "bundle"));
  writeManifest(store, store.manifest(seed.version)!, FIXTURE_LIST_BYTES);
  const manifestText = fs.readFileSync(path.join(seedDir, "bundle", manifestKey(seed.version)), "utf8");
  const load: ReseedFixture["v1Load"] = {
    sql: seed.d1.flatMap((p) => splitSqlStatements(fs.readFileSync(path.join(seedDir, p.file), "utf8"))),
    kv: JSON.parse(fs.readFileSync(path.join(seedDir, seed.kv.file), "utf8")) as KvEntry[],
    stateSql: splitSqlStatements(fullLoadStateSql(seedDir)),
  };
  const bundle: FixtureBundle = { version: seed.version, manifestKey: manifestKey(seed.version), manifestSha: sha256(manifestText), editedIds };
  return { bundle, load };
}

/** Every object of the store, by R2 key (all text: JSON, and KV parts' index line + JSON values). */
function storeObjects(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const sub of ["parts", "manifests", "deltas"]) {
    const d = path.join(dir, sub);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d)) if (f.endsWith(".json")) out[`${sub}/${f}`] = fs.readFileSync(path.join(d, f), "utf8");
  }
  return out;
}

export async function buildReseedFixture(): Promise<ReseedFixture> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "movies-reseed-raw-"));
  try {
    const variants: Record<BundleName, { movies: Csv; credits: Csv; ids: number[] }> = {} as never;
    const base = replicate();
    const clone = (): Csv => ({ header: base.movies.header, rows: base.movies.rows.map((r) => [...r]) });
    variants.v1 = { ...base, ids: [] };
    const v2 = clone();
    variants.v2 = {
      movies: v2,
      credits: base.credits,
      ids: edit(
        v2,
        (id) => id === EDITED.id,
        (r, col) => (r[col("runtime")] = `${EDITED.runtime.after}.0`),
      ),
    };
    const v3 = clone();
    let n = 0;
    variants.v3 = {
      movies: v3,
      credits: base.credits,
      ids: edit(
        v3,
        () => n++ % 100 === 50,
        (r, col) => {
          r[col("runtime")] = String(Number(r[col("runtime")] || 90) + 7);
          r[col("revenue")] = String(Math.round(Number(r[col("revenue")] || 0) * 1.1) + 1000);
          r[col("vote_count")] = String(Number(r[col("vote_count")] || 0) + 1);
          // An overview edit moves TF-IDF weights corpus-wide: many shards' similarities change.
          r[col("overview")] = `${r[col("overview")] ?? ""} Restored edition with new footage.`;
        },
      ),
    };
    const bundles = {} as Record<BundleName, FixtureBundle>;
    let v1Load: ReseedFixture["v1Load"] | undefined;
    const seedDir = path.join(root, "seed");
    for (const name of BUNDLES) {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      writeCsv(path.join(dir, "movies_dataset.csv"), variants[name].movies);
      writeCsv(path.join(dir, "credits.csv"), variants[name].credits);
      const { bundle, load } = await buildVersion(dir, seedDir, variants[name].ids);
      bundles[name] = bundle;
      if (name === "v1") v1Load = load;
    }
    // The deltas `npm run publish` would compute, between every ordered pair of versions.
    const store = new BundleStore(path.join(seedDir, "bundle"));
    const deltas: ReseedFixture["deltas"] = {};
    for (const from of BUNDLES) {
      for (const to of BUNDLES) {
        if (from === to) continue;
        const manifest = (n: BundleName) => store.manifest(bundles[n].version)!;
        const d = await computeDelta(manifest(from), manifest(to), bundles[to].manifestSha, async (h) => store.read(partKey(h)), sha256, FIXTURE_LIST_BYTES);
        for (const p of d.parts) store.putPart(p.text);
        const text = JSON.stringify(d.manifest);
        store.putAt(d.key, text);
        deltas[`${from}-${to}`] = { key: d.key, sha256: sha256(text) };
      }
    }
    return { objects: storeObjects(store.dir), bundles, deltas, v1Load: v1Load!, edited: EDITED };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
