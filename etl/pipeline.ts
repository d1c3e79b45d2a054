// The ETL, stage by stage: read + clean the raw CSVs -> join directors -> tokenise + TF-IDF ->
// exact top-5 -> write the seed (the neighbours explained and the KV shards, then the catalogue
// table by table: D1 SQL, bundle, manifest; etl/write/seed.ts), with the EDA report made while
// the write stage's worker thread finishes. That thread is started before the recommender, and
// its KV step as soon as the neighbours are known: on two cores, what one thread does alone
// (tokenising, the model's figures) leaves the other free for it.

import fs from "node:fs";
import path from "node:path";
import type { CleanMovie } from "../src/shared/types.ts";
import { countedOverviewTerms, modelStats } from "./eda/model.ts";
import { writeEdaReport } from "./eda/report.ts";
import { heapGrowthFor } from "./heap.ts";
import { log, Progress } from "./progress.ts";
import { type CleanClock, readDirectors, readMovies } from "./read.ts";
import { movieTextParts } from "./recommender/text.ts";
import type { TextParts } from "./recommender/tfidf.ts";
import { computeNeighbours, type KernelStats, type NeighbourDoc, type NeighbourTable } from "./recommender/topk.ts";
import { EtlReport } from "./report.ts";
import type { SeedManifest } from "./seed-manifest.ts";
import type { Sources } from "./sources.ts";
import { SeedWriter } from "./write/seed.ts";

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

/**
 * A movie as the recommender reads it: its text made when the tokeniser asks for it (never all
 * texts at once). A class, not an object literal with a getter: such a literal costs ~400 bytes
 * a movie (its own closure and accessor), 0.4 GB at a million movies; this costs ~40.
 */
class MovieDoc implements NeighbourDoc {
  constructor(private readonly movie: CleanMovie) {}
  get id(): number {
    return this.movie.id;
  }
  /** In parts: the EDA's overview terms are counted from the second (eda/model.ts). */
  get text(): TextParts {
    const m = this.movie;
    return movieTextParts(
      m.genres.map((g) => g.name),
      m.title,
      m.overview,
    );
  }
}

/** The movies as the recommender reads them (in parts: the EDA's overview terms are counted on the way). */
export const movieDocs = (movies: readonly CleanMovie[]): NeighbourDoc[] => movies.map((m) => new MovieDoc(m));

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
  heapGrowthFor(movies.length);

  // The seed writer's worker thread starts now, to load while the recommender runs (seed.ts).
  const seed = new SeedWriter(outDir);
  seed.startThread(movies);
  let manifest: SeedManifest;
  try {
    const model = await stage("recommend", async () => {
      const p = new Progress("top-5 neighbours", movies.length);
      const res = await computeNeighbours(movieDocs(movies), opts.k ?? 5, { threads: opts.threads, onProgress: (d) => !opts.quiet && p.update(d) });
      if (!opts.quiet) p.done(`${movies.length.toLocaleString("en")} movies, vocabulary ${res.vocabSize.toLocaleString("en")} terms`);
      for (const [k, v] of Object.entries(res.timings)) timings[`recommend.${k.replace(/CpuMs$/, ".cpu").replace(/Ms$/, "")}`] = v / 1000;
      recommendStats = { ...res.stats, nnz: res.nnz, vocab: res.vocabSize, exhaustivePostings: res.exhaustivePostings };
      // The table alone (res also holds the TF-IDF matrix, which is let go at the end of this stage).
      const table: NeighbourTable = { ids: res.ids, k: res.k, nbrIds: res.nbrIds, nbrSims: res.nbrSims, count: res.count };
      // To the seed writer, with the matrix that explains each neighbour (the terms contributing
      // most to its similarity): on its worker thread the KV step starts now.
      seed.takeNeighbours(table, res.tfidf);
      // The model's figures for the EDA report, while the matrix is at hand (two titles are looked up).
      const titleOf = (id: number) => movies.find((m) => m.id === id)?.title ?? "";
      return { stats: modelStats(res.tfidf, table, titleOf), overviewTerms: countedOverviewTerms(res.tfidf) };
    });

    manifest = await stage("write", async () => {
      seed.startKv(movies);
      seed.writeCatalog(movies);
      // The EDA report, on this thread while the worker thread finishes its share of the writing;
      // into the seed's temp folder, swapped in with the rest (a failed run leaves the old report).
      const t0 = performance.now();
      await writeEdaReport(seed.folder("eda"), movies, report, { moviesFile: sources.movies, sample: sources.isSample }, model.stats, model.overviewTerms);
      timings.eda = (performance.now() - t0) / 1000;
      const written = await seed.finish(movies, sources);
      // Each thread's share (the KV step and the portable tables on the worker): the stage waits for the longer.
      timings["write.main"] = seed.busy.main;
      timings["write.worker"] = seed.busy.worker;
      return written;
    });
  } catch (err) {
    await seed.abort();
    throw err;
  }
  fs.writeFileSync(path.join(outDir, "report.json"), JSON.stringify(report, null, 2));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { manifest, report, timings, peakRssMb: Math.round(peakRss / 2 ** 20), ...(recommendStats ? { recommend: recommendStats } : {}) };
}
