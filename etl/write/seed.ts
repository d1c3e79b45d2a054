// Writes the seed folder (D1 SQL parts, the KV bulk file, the R2 bundle, the parity inputs, the
// manifest) in steps that each let go of what they used: the KV shards and the neighbours (in
// a worker thread beside the catalogue, or first when the catalogue is very large:
// kv-step.ts), the catalogue one table at a time, each table's rows streamed into its SQL part
// and its bundle parts in one pass. Memory stays at the cleaned movies plus one table's
// builder (and, beside it, the KV step's), whatever the catalogue's size.
import fs from "node:fs";
import path from "node:path";
import type { BundleTable } from "../../src/shared/bundle.ts";
import { shardMapRows } from "../../src/shared/dataset-meta.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { catalogTables, metaTable, type Table } from "../build/catalog.ts";
import { codeFingerprint } from "../fingerprint.ts";
import { sha256 } from "../hash.ts";
import { log } from "../progress.ts";
import type { ExplainedNeighbours } from "../recommender/explain.ts";
import type { SeedManifest } from "../seed-manifest.ts";
import { inputFingerprint, type Sources } from "../sources.ts";
import { BundleStore, TablePartsWriter, writeManifest, writeTableParts } from "./bundle.ts";
import { type KvWritten, runKvStep } from "./kv-step.ts";
import { writeLines } from "./lines.ts";
import { rowCells, TableSqlWriter, writeTableSql } from "./sql.ts";

export class SeedWriter {
  /** Written into a fresh temp folder and swapped in at the end: a failed run leaves the old seed. */
  private readonly tmp: string;
  /** The bundle store (seed/bundle) is content addressed and written in place: it keeps earlier versions' parts, from which `npm run publish` computes deltas. */
  private readonly store: BundleStore;
  private readonly builtAt = new Date().toISOString();
  private kvRun: Promise<KvWritten> | undefined;
  private readonly d1: SeedManifest["d1"] = [];
  private readonly tables: BundleTable[] = [];
  private readonly counts: Record<string, number> = {};

  constructor(private readonly outDir: string) {
    this.tmp = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(this.tmp, { recursive: true, force: true });
    fs.mkdirSync(path.join(this.tmp, "d1"), { recursive: true });
    fs.mkdirSync(path.join(this.tmp, "kv"), { recursive: true });
    this.store = new BundleStore(path.join(outDir, "bundle"));
  }

  /**
   * Starts the KV step (kv-step.ts: the shards, in a worker thread beside the catalogue when
   * there are few enough movies) and writes the parity check's movies.jsonl: what the
   * recommender saw (neighbours.jsonl, what it said, comes with the KV step). The neighbours
   * are not needed after this call.
   */
  startKv(movies: readonly CleanMovie[], neighbours: ExplainedNeighbours): void {
    this.kvRun = runKvStep(this.tmp, this.store, movies, neighbours);
    this.kvRun.catch(() => {}); // awaited (and its failure thrown) in finish
    writeLines(path.join(this.tmp, "movies.jsonl"), movies, (m) =>
      JSON.stringify({ id: m.id, genres: m.genres.map((g) => g.name), title: m.title, overview: m.overview }),
    );
  }

  /** The catalogue, table by table: each table's rows go once through its SQL part and its bundle parts. */
  writeCatalog(movies: readonly CleanMovie[]): void {
    for (const table of catalogTables(movies)) {
      const file = sqlFile(table, this.d1.length + 1);
      const sql = new TableSqlWriter(table, path.join(this.tmp, file));
      const parts = new TablePartsWriter(this.store, table);
      for (const row of table.rows) {
        const cells = rowCells(row, table.columns);
        sql.add(cells);
        parts.add(cells);
      }
      this.d1.push({ table: table.name, file, ...sql.finish() });
      this.tables.push(parts.finish());
      this.counts[table.name] = sql.rows;
    }
  }

  /** dataset_meta (which carries the version: a hash of every part), the bundle manifest, the seed manifest; then the swap. */
  async finish(movies: readonly CleanMovie[], sources: Sources): Promise<SeedManifest> {
    if (!this.kvRun) throw new Error("SeedWriter: startKv before finish");
    const kv = await this.kvRun;
    if (kv.splitTitles) log(`  ${kv.splitTitles} titles shared by too many movies for one shard entry are split by year and movie`);
    // The dataset version is a hash of the content served, so an identical rebuild keeps it.
    const version = sha256(this.tables.flatMap((t) => t.parts.map((p) => p.sha256)).join("") + kv.map).slice(0, 16);
    const years = movies.reduce((span, m) => [Math.min(span[0]!, m.releaseYear), Math.max(span[1]!, m.releaseYear)], [Infinity, -Infinity]);
    const yearSpan = movies.length ? `${years[0]}-${years[1]}` : "";
    const meta = metaTable({ version, built_at: this.builtAt, movies: String(movies.length), years: yearSpan, ...shardMapRows(kv.map) });
    const metaFile = sqlFile(meta, 0);
    this.d1.unshift({ table: meta.name, file: metaFile, ...writeTableSql(meta, path.join(this.tmp, metaFile)) });
    const counts = { dataset_meta: meta.rows.length, ...this.counts, kv_shards: kv.shards, kv_keys: kv.keys };
    // The same seed as a bundle for R2, which the Worker's scheduled reseed applies (src/reseed/).
    writeManifest(this.store, {
      version,
      builtAt: this.builtAt,
      counts,
      tables: [writeTableParts(this.store, meta), ...this.tables],
      kv: { map: kv.map, parts: kv.parts },
    });

    const manifest: SeedManifest = {
      version,
      builtAt: this.builtAt,
      source: { dir: sources.dir, sample: sources.isSample },
      inputs: inputFingerprint(sources),
      code: codeFingerprint(),
      counts,
      d1: this.d1,
      kv: { file: "kv/recs.json", keys: kv.keys, bytes: kv.bytes, shards: kv.shards, largestShard: kv.largestShard },
    };
    fs.writeFileSync(path.join(this.tmp, "manifest.json"), JSON.stringify(manifest, null, 2));

    // Swap: keep the bundle store in place, replace the files this run wrote.
    for (const name of ["d1", "kv", "movies.jsonl", "neighbours.jsonl", "manifest.json"]) {
      fs.rmSync(path.join(this.outDir, name), { recursive: true, force: true });
      fs.renameSync(path.join(this.tmp, name), path.join(this.outDir, name));
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
    return manifest;
  }
}

/** The SQL part of the i-th table (dataset_meta is the 0th). */
const sqlFile = (table: Table, i: number) => `d1/${String(i).padStart(2, "0")}_${table.name}.sql`;
