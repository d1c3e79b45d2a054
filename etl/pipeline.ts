// The ETL, stage by stage: read + clean the raw CSVs -> join directors -> tokenise + TF-IDF ->
// exact top-5 -> build the catalogue -> write the seed (D1 SQL, KV shards, manifest, report).

import fs from "node:fs";
import path from "node:path";
import { shardMapRows } from "../src/shared/dataset-meta.ts";
import type { CleanMovie, ScoredNeighbour } from "../src/shared/types.ts";
import { buildCatalog, type Table } from "./build/catalog.ts";
import { modelStats } from "./eda/model.ts";
import { writeEdaReport } from "./eda/report.ts";
import { codeFingerprint } from "./fingerprint.ts";
import { sha256 } from "./hash.ts";
import { log, Progress } from "./progress.ts";
import { type CleanClock, readDirectors, readMovies } from "./read.ts";
import { explainNeighbours } from "./recommender/explain.ts";
import { movieText } from "./recommender/text.ts";
import { computeNeighbours, type KernelStats, neighbourLists } from "./recommender/topk.ts";
import { EtlReport } from "./report.ts";
import type { SeedManifest } from "./seed-manifest.ts";
import { inputFingerprint, type Sources } from "./sources.ts";
import { BundleStore, KvPartWriter, writeManifest, writeTableParts } from "./write/bundle.ts";
import { HashedFile } from "./write/files.ts";
import { type NeighbourLookup, ShardBuilder } from "./write/kv.ts";
import { writeTableSql } from "./write/sql.ts";

export interface EtlOptions {
  sources: Sources;
  outDir: string;
  k?: number;
  threads?: number;
  quiet?: boolean;
  /** Called as each stage ends, with the timings so far (a benchmark keeps them if a later stage dies). */
  onStage?: (stage: string, timings: StageTimes, recommend?: RecommendStats) => void;
}
export interface StageTimes {
  [stage: string]: number;
}
/** What the exact top-k search cost (see etl/recommender/topk-kernel.ts), with the matrix's size. */
export interface RecommendStats extends KernelStats {
  nnz: number;
  vocab: number;
  exhaustivePostings: number;
}
export interface EtlResult {
  manifest: SeedManifest;
  report: EtlReport;
  timings: StageTimes;
  peakRssMb: number;
  recommend?: RecommendStats;
}

export async function runEtl(opts: EtlOptions): Promise<EtlResult> {
  const { sources, outDir } = opts;
  const report = new EtlReport();
  const timings: StageTimes = {};
  let peakRss = process.memoryUsage().rss;
  let recommendStats: RecommendStats | undefined;
  const stage = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    if (!opts.quiet) log(`[${name}]`);
    const out = await fn();
    timings[name] = (performance.now() - t0) / 1000;
    // CPU seconds of the whole process (worker threads included): on a shared machine, wall
    // time depends on the load, CPU time much less.
    const cpu = process.cpuUsage(cpu0);
    timings[`${name}.cpu`] = (cpu.user + cpu.system) / 1e6;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    opts.onStage?.(name, timings, recommendStats);
    return out;
  };

  // Read and clean are one streaming pass: "read.clean" is the part of "read" spent cleaning rows.
  const clean: CleanClock = { ms: 0 };
  const movies = await stage("read", async () => {
    const p = new Progress(`movies (${path.basename(sources.movies)})`);
    const list = await readMovies(sources.movies, report, (n) => !opts.quiet && p.update(n), clean);
    if (!opts.quiet) p.done(`${list.length.toLocaleString("en")} movies kept`);
    const c = new Progress(`credits (${path.basename(sources.credits)})`);
    const directors = await readDirectors(sources.credits, new Set(list.map((m) => m.id)), report, (n) => !opts.quiet && c.update(n), clean);
    for (const m of list) m.directors = directors.get(m.id) ?? [];
    if (!opts.quiet) c.done(`directors for ${directors.size.toLocaleString("en")} movies`);
    timings["read.clean"] = clean.ms / 1000;
    return list;
  });

  const neighbours = await stage("recommend", async () => {
    const p = new Progress("top-5 neighbours", movies.length);
    // Texts are made one at a time as the tokeniser asks for them (never all at once).
    const docs = movies.map((m) => ({
      id: m.id,
      get text() {
        return movieText(
          m.genres.map((g) => g.name),
          m.title,
          m.overview,
        );
      },
    }));
    const res = await computeNeighbours(docs, opts.k ?? 5, { threads: opts.threads, onProgress: (d) => !opts.quiet && p.update(d) });
    if (!opts.quiet) p.done(`${movies.length.toLocaleString("en")} movies, vocabulary ${res.vocabSize.toLocaleString("en")} terms`);
    for (const [k, v] of Object.entries(res.timings)) timings[`recommend.${k.replace(/CpuMs$/, ".cpu").replace(/Ms$/, "")}`] = v / 1000;
    recommendStats = { ...res.stats, nnz: res.nnz, vocab: res.vocabSize, exhaustivePostings: res.exhaustivePostings };
    // The write stage and the explanations take {id, sim} lists (res is flat typed arrays).
    const lists = neighbourLists(res);
    // Why each neighbour: the terms contributing most to its similarity, from the same TF-IDF weights.
    const t0 = performance.now();
    const terms = explainNeighbours(res.tfidf, res.ids, lists);
    timings["recommend.explain"] = (performance.now() - t0) / 1000;
    const map = new Map<number, ScoredNeighbour[]>();
    res.ids.forEach((id, r) => {
      map.set(
        id,
        lists[r]!.map((n, q) => ({ ...n, terms: terms[r]![q]! })),
      );
    });
    // The model's figures for the EDA report, while the matrix is at hand.
    const model = modelStats(res.tfidf, res.ids, lists, new Map(movies.map((m) => [m.id, m.title])));
    return { map, model };
  });

  const manifest = await stage("write", () => writeSeed(outDir, movies, neighbours.map, sources));
  fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify(report, null, 2));
  await stage("eda", () =>
    writeEdaReport(path.join(outDir, "eda"), movies, report, { moviesFile: sources.movies, sample: sources.isSample }, neighbours.model),
  );
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { manifest, report, timings, peakRssMb: Math.round(peakRss / 2 ** 20), ...(recommendStats ? { recommend: recommendStats } : {}) };
}

async function writeSeed(outDir: string, movies: CleanMovie[], neighbours: NeighbourLookup, sources: Sources): Promise<SeedManifest> {
  // Write into a fresh temp folder and swap it in at the end: a failed run leaves the old seed.
  // The bundle store (seed/bundle) is content addressed and written in place: it keeps earlier
  // versions' parts, from which `npm run publish` computes deltas.
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, "d1"), { recursive: true });
  fs.mkdirSync(path.join(tmp, "kv"), { recursive: true });
  const store = new BundleStore(path.join(outDir, "bundle"));
  const builtAt = new Date().toISOString();

  // KV: one shard at a time into the wrangler bulk-put file ([{key, value}]) and the bundle's KV parts.
  const shards = new ShardBuilder(movies, neighbours);
  const plan = shards.plan();
  if (plan.splitTitles) log(`  ${plan.splitTitles} titles shared by too many movies for one shard entry are split by year and movie`);
  const bulk = new HashedFile(path.join(tmp, "kv/recs.json"));
  const kvParts = new KvPartWriter(store);
  const keys = new Set<string>();
  let map = "";
  bulk.write("[");
  for (const s of shards.shards(plan)) {
    map += s.hash;
    if (!keys.has(s.key)) bulk.write(`${keys.size ? ",\n" : ""}${JSON.stringify({ key: s.key, value: s.value })}`);
    keys.add(s.key);
    kvParts.add(s.key, s.value);
  }
  bulk.write("]\n");
  const kvFile = bulk.close();

  const catalog = buildCatalog(movies, {});
  const tables = catalog.tables.filter((t) => t.name !== "dataset_meta");
  const sqlPart = (table: Table, i: number) => {
    const file = `d1/${String(i).padStart(2, "0")}_${table.name}.sql`;
    return { table: table.name, file, ...writeTableSql(table, path.join(tmp, file)) };
  };
  const parts = tables.map((t, i) => sqlPart(t, i + 1));
  const bundleTables = tables.map((t) => writeTableParts(store, t));
  // The dataset version is a hash of the content served, so an identical rebuild keeps it.
  const version = sha256(bundleTables.flatMap((t) => t.parts.map((p) => p.sha256)).join("") + map).slice(0, 16);
  const years = movies.reduce((span, m) => [Math.min(span[0]!, m.releaseYear), Math.max(span[1]!, m.releaseYear)], [Infinity, -Infinity]);
  const yearSpan = movies.length ? `${years[0]}-${years[1]}` : "";
  const meta = buildCatalog([], { version, built_at: builtAt, movies: String(movies.length), years: yearSpan, ...shardMapRows(map) }).tables[0]!;
  parts.unshift(sqlPart(meta, 0));
  const counts = { ...catalog.counts, dataset_meta: meta.rows.length, kv_shards: plan.count, kv_keys: keys.size };
  // The same seed as a bundle for R2, which the Worker's scheduled reseed applies (src/reseed/).
  writeManifest(store, { version, builtAt, counts, tables: [writeTableParts(store, meta), ...bundleTables], kv: { map, parts: kvParts.finish() } });

  // Inputs for the scikit-learn parity check (etl/parity): what the recommender saw, and what it said.
  writeLines(path.join(tmp, "movies.jsonl"), movies, (m) =>
    JSON.stringify({ id: m.id, genres: m.genres.map((g) => g.name), title: m.title, overview: m.overview }),
  );
  writeLines(path.join(tmp, "neighbours.jsonl"), movies, (m) => JSON.stringify({ id: m.id, top: (neighbours.get(m.id) ?? []).map((n) => [n.id, n.sim]) }));

  const manifest: SeedManifest = {
    version,
    builtAt,
    source: { dir: sources.dir, sample: sources.isSample },
    inputs: inputFingerprint(sources),
    code: codeFingerprint(),
    counts,
    d1: parts,
    kv: { file: "kv/recs.json", keys: keys.size, bytes: kvFile.bytes, shards: plan.count, largestShard: plan.largest },
  };
  fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2));

  // Swap: keep the bundle store in place, replace the files this run wrote.
  for (const name of ["d1", "kv", "movies.jsonl", "neighbours.jsonl", "manifest.json"]) {
    fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
    fs.renameSync(path.join(tmp, name), path.join(outDir, name));
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return manifest;
}

/** One line per item, written in chunks rather than joined into one huge string. */
function writeLines<T>(file: string, items: readonly T[], line: (item: T) => string) {
  const fd = fs.openSync(file, "w");
  try {
    for (let i = 0; i < items.length; i += 1000)
      fs.writeSync(
        fd,
        items
          .slice(i, i + 1000)
          .map(line)
          .join("\n") + "\n",
      );
  } finally {
    fs.closeSync(fd);
  }
}
