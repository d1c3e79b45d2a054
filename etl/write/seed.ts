// Writes the seed folder (D1 SQL parts, the KV bulk file, the R2 bundle, the parity inputs, the
// manifest, and the EDA report the pipeline makes into it) in steps that each let go of what
// they used: the explained neighbours and the KV shards (in the write stage's worker thread
// beside the catalogue, or first when the catalogue is very large: kv-step.ts), the catalogue
// one table at a time, each table's rows streamed into its SQL part and its bundle parts in
// one pass (table.ts; the portable ones, discover_lists, the search tables and three link
// tables, on the worker thread: write-thread.ts). Memory stays at the cleaned movies plus one
// table's builder (and, beside it, the worker's), whatever the catalogue's size.
import fs from "node:fs";
import path from "node:path";
import { shardMapRows } from "../../src/shared/dataset-meta.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { catalogTables, metaTable } from "../build/catalog.ts";
import { codeFingerprint } from "../fingerprint.ts";
import { sha256 } from "../hash.ts";
import { log } from "../progress.ts";
import { ExplainedNeighbours, type ExplainMatrix } from "../recommender/explain.ts";
import type { NeighbourTable } from "../recommender/topk.ts";
import type { SeedManifest } from "../seed-manifest.ts";
import { inputFingerprint, type Sources } from "../sources.ts";
import { BundleStore, writeManifest, writeTableParts } from "./bundle.ts";
import { KV_THREAD_MAX_MOVIES, type KvWritten, kvMovieColumns, kvNeighbours, writeKvStep } from "./kv-step.ts";
import { writeLines } from "./lines.ts";
import { writeTableSql } from "./sql.ts";
import { sqlFile, type WrittenTable, writeTable } from "./table.ts";
import { WriteThread } from "./write-thread.ts";

export class SeedWriter {
  /** Written into a fresh temp folder and swapped in at the end: a failed run leaves the old seed. */
  private readonly tmp: string;
  /** The bundle store (seed/bundle) is content addressed and written in place: it keeps earlier versions' parts, from which `npm run publish` computes deltas. */
  private readonly store: BundleStore;
  private readonly builtAt = new Date().toISOString();
  private kvRun: Promise<KvWritten> | undefined;
  private thread: WriteThread | undefined;
  /** The neighbours, explained here when there is no worker thread, until startKv. */
  private explained: ExplainedNeighbours | undefined;
  /** The catalogue's tables in load order, written here or on the worker thread. */
  private readonly written: Promise<WrittenTable>[] = [];
  /** Seconds of writing on each thread (known after finish): which one the write stage waited for. */
  readonly busy = { main: 0, worker: 0 };

  constructor(private readonly outDir: string) {
    this.tmp = `${outDir}.tmp-${process.pid}`;
    fs.rmSync(this.tmp, { recursive: true, force: true });
    fs.mkdirSync(path.join(this.tmp, "d1"), { recursive: true });
    fs.mkdirSync(path.join(this.tmp, "kv"), { recursive: true });
    this.store = new BundleStore(path.join(outDir, "bundle"));
  }

  /** A folder of the seed being written (swapped in by finish): the EDA report's, made by the pipeline. */
  folder(name: "eda"): string {
    return path.join(this.tmp, name);
  }

  /**
   * Starts the write stage's worker thread with the movies' columns when there are few enough
   * movies (`thread`: KV_THREAD_MAX_MOVIES, or forced either way by a test). Called before the
   * recommender runs, so that the thread loads on the core the tokeniser leaves idle. Without
   * it the KV step runs here, first (at a million movies a second heap beside the catalogue
   * would pass the memory budget).
   */
  startThread(movies: readonly CleanMovie[], thread = movies.length <= KV_THREAD_MAX_MOVIES): void {
    if (thread) this.thread = new WriteThread({ tmp: this.tmp, storeDir: this.store.dir, movies: kvMovieColumns(movies) });
  }

  /**
   * The recommender's table and the matrix it was computed from: on the worker thread the KV
   * step starts at once (it explains each neighbour first); else the neighbours are explained
   * here and kept for startKv. The matrix is not needed after this call.
   */
  takeNeighbours(table: NeighbourTable, matrix: ExplainMatrix): void {
    if (this.thread) {
      this.kvRun = this.thread.startKv(kvNeighbours(table, matrix));
      this.kvRun.catch(() => {}); // awaited (and its failure thrown) in finish
    } else this.explained = new ExplainedNeighbours(table, matrix);
  }

  /**
   * The KV step here when there is no worker thread (its shard builder and the neighbours are
   * let go before the catalogue starts), and the parity check's movies.jsonl: what the
   * recommender saw (neighbours.jsonl, what it said, comes with the KV step).
   */
  startKv(movies: readonly CleanMovie[]): void {
    if (this.explained) {
      try {
        this.kvRun = Promise.resolve(writeKvStep(this.tmp, this.store, movies, this.explained));
      } catch (err) {
        this.kvRun = Promise.reject(err);
      }
      this.kvRun.catch(() => {}); // awaited (and its failure thrown) in finish
      this.explained = undefined;
    }
    writeLines(path.join(this.tmp, "movies.jsonl"), movies, (m) =>
      JSON.stringify({ id: m.id, genres: m.genres.map((g) => g.name), title: m.title, overview: m.overview }),
    );
  }

  /** Stops the worker thread, if any (the ETL failed before finish). */
  async abort(): Promise<void> {
    await this.thread?.abort();
  }

  /** The catalogue, table by table: the portable tables sent to the worker thread first (if there is one), every other one written here. */
  writeCatalog(movies: readonly CleanMovie[]): void {
    const thread = this.thread;
    try {
      const tables = catalogTables(movies);
      const written = tables.map((t, i) => (t.portable && thread ? thread.write(t.portable(), i + 1) : undefined));
      for (const [i, t] of tables.entries()) written[i] ??= Promise.resolve(writeTable(this.tmp, this.store, t, i + 1));
      this.written.push(...(written as Promise<WrittenTable>[]));
    } catch (err) {
      void thread?.abort();
      throw err;
    }
  }

  /** dataset_meta (which carries the version: a hash of every part), the bundle manifest, the seed manifest; then the swap. */
  async finish(movies: readonly CleanMovie[], sources: Sources): Promise<SeedManifest> {
    if (!this.kvRun) throw new Error("SeedWriter: takeNeighbours and startKv before finish");
    let kv: KvWritten;
    let written: WrittenTable[];
    try {
      [kv, written] = await Promise.all([this.kvRun, Promise.all(this.written), this.thread?.end()]);
    } catch (err) {
      await this.thread?.abort();
      throw err;
    }
    if (kv.splitTitles) log(`  ${kv.splitTitles} titles shared by too many movies for one shard entry are split by year and movie`);
    for (const t of [kv, ...written]) this.busy[t.thread === 0 ? "main" : "worker"] += t.seconds;
    // The dataset version is a hash of the content served, so an identical rebuild keeps it.
    const version = sha256(written.flatMap((t) => t.bundle.parts.map((p) => p.sha256)).join("") + kv.map).slice(0, 16);
    const years = movies.reduce((span, m) => [Math.min(span[0]!, m.releaseYear), Math.max(span[1]!, m.releaseYear)], [Infinity, -Infinity]);
    const yearSpan = movies.length ? `${years[0]}-${years[1]}` : "";
    const meta = metaTable({ version, built_at: this.builtAt, movies: String(movies.length), years: yearSpan, ...shardMapRows(kv.map) });
    const metaFile = sqlFile(meta, 0);
    const d1 = [{ table: meta.name, file: metaFile, ...writeTableSql(meta, path.join(this.tmp, metaFile)) }, ...written.map((t) => t.d1)];
    const counts = { dataset_meta: meta.rows.length, ...Object.fromEntries(written.map((t) => [t.d1.table, t.rows])), kv_shards: kv.shards, kv_keys: kv.keys };
    // The same seed as a bundle for R2, which the Worker's scheduled reseed applies (src/reseed/).
    writeManifest(this.store, {
      version,
      builtAt: this.builtAt,
      counts,
      tables: [writeTableParts(this.store, meta), ...written.map((t) => t.bundle)],
      kv: { map: kv.map, parts: kv.parts },
    });

    const manifest: SeedManifest = {
      version,
      builtAt: this.builtAt,
      source: { dir: sources.dir, sample: sources.isSample },
      inputs: inputFingerprint(sources),
      code: codeFingerprint(),
      counts,
      d1,
      kv: { file: "kv/recs.json", keys: kv.keys, bytes: kv.bytes, shards: kv.shards, largestShard: kv.largestShard },
    };
    fs.writeFileSync(path.join(this.tmp, "manifest.json"), JSON.stringify(manifest, null, 2));

    // Swap: keep the bundle store in place, replace the files this run wrote.
    for (const name of ["d1", "kv", "movies.jsonl", "neighbours.jsonl", "manifest.json", "eda"]) {
      fs.rmSync(path.join(this.outDir, name), { recursive: true, force: true });
      fs.renameSync(path.join(this.tmp, name), path.join(this.outDir, name));
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
    return manifest;
  }
}
