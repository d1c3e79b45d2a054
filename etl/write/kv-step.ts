// The write stage's KV step: each neighbour's explaining terms (explain.ts), the KV shards into
// the wrangler bulk-put file and the bundle's KV parts, and the parity check's neighbours.jsonl.
// Its inputs are a few columns of the movies, the recommender's table and the TF-IDF matrix
// (typed arrays, shared with the recommender's threads, and the terms), so it can run in a
// worker thread beside the catalogue (which reads the whole movies): on two cores the write
// stage then takes about the catalogue's time instead of both added up.
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { KvPartRef } from "../../src/shared/bundle.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { ExplainedNeighbours, type ExplainMatrix } from "../recommender/explain.ts";
import type { NeighbourTable } from "../recommender/topk.ts";
import { type BundleStore, KvPartWriter } from "./bundle.ts";
import { HashedFile } from "./files.ts";
import { type KvMovie, type NeighbourLookup, ShardBuilder, ShardTitles } from "./kv.ts";
import { writeLines } from "./lines.ts";

/**
 * Up to this many movies the write stage has a worker thread (write-thread.ts): the KV step,
 * then the portable tables, beside the catalogue. Above, the KV step runs first, alone (its
 * shard builder and the neighbours are let go before the catalogue starts), and the catalogue
 * is written on the main thread only: at a million movies both at once would pass the 2.5 GB
 * memory budget (the KV step peaks at ~2.2 GB there, the catalogue at ~1.8 GB).
 */
export const KV_THREAD_MAX_MOVIES = 500_000;

export interface KvWritten {
  /** The shards' hashes, in shard order (dataset_meta's shard map). */
  map: string;
  keys: number;
  bytes: number;
  shards: number;
  largestShard: number;
  splitTitles: number;
  parts: KvPartRef[];
  /** The thread that wrote it (0: the main thread) and how long it took. */
  thread: number;
  seconds: number;
}

/** The movies as the KV step reads them, as columns in the catalogue's order: what the worker thread is started with. */
export interface KvMovieColumns {
  ids: Float64Array;
  titles: string[];
  years: Float64Array;
  votes: Float64Array;
}
/** The recommender's answer, sent when it is known: its table, and the matrix it was computed from (to explain each neighbour; null once explained). */
export interface KvNeighbours {
  table: NeighbourTable;
  matrix: ExplainMatrix | null;
}

/** The KV step in this thread: kv/recs.json and neighbours.jsonl into `tmp`, the KV parts into the store. `titles`: the movies, or their ShardTitles made beforehand. */
export function writeKvStep(tmp: string, store: BundleStore, titles: readonly KvMovie[] | ShardTitles, neighbours: NeighbourLookup): KvWritten {
  const t0 = performance.now();
  const shards = new ShardBuilder(titles, neighbours);
  const movies = titles instanceof ShardTitles ? titles.movies : titles;
  const plan = shards.plan();
  const bulk = new HashedFile(path.join(tmp, "kv/recs.json"));
  const kvParts = new KvPartWriter(store);
  const keys = new Set<string>();
  let map = "";
  bulk.write("[");
  for (const s of shards.shards(plan)) {
    map += s.hash;
    if (!keys.has(s.key)) bulk.write(`${keys.size ? ",\n" : ""}${JSON.stringify({ key: s.key, value: s.value })}`);
    keys.add(s.key);
    kvParts.add(s.key, s.bytes);
  }
  bulk.write("]\n");
  const { bytes } = bulk.close();
  writeLines(path.join(tmp, "neighbours.jsonl"), movies, (m) => JSON.stringify({ id: m.id, top: (neighbours.get(m.id) ?? []).map((n) => [n.id, n.sim]) }));
  const parts = kvParts.finish();
  return {
    map,
    keys: keys.size,
    bytes,
    shards: plan.count,
    largestShard: plan.largest,
    splitTitles: plan.splitTitles,
    parts,
    thread: threadId,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** The worker's movies, made again from the columns, with their side of the shards (made before the neighbours are known). */
export function kvTitles(input: KvMovieColumns): ShardTitles {
  return new ShardTitles(Array.from(input.ids, (id, i) => ({ id, title: input.titles[i]!, releaseYear: input.years[i]!, voteCount: input.votes[i]! })));
}

/** The movies' columns for a worker thread. */
export function kvMovieColumns(movies: readonly CleanMovie[]): KvMovieColumns {
  return {
    ids: Float64Array.from(movies, (m) => m.id),
    titles: movies.map((m) => m.title),
    years: Float64Array.from(movies, (m) => m.releaseYear),
    votes: Float64Array.from(movies, (m) => m.voteCount),
  };
}

/** What of the recommender's answer a worker thread is sent (the matrix's arrays are shared with it when the top-k used threads). */
export function kvNeighbours(table: NeighbourTable, { indptr, indices, data, terms }: ExplainMatrix): KvNeighbours {
  const { ids, k, nbrIds, nbrSims, count } = table;
  return { table: { ids, k, nbrIds, nbrSims, count }, matrix: { indptr, indices, data, terms } };
}

/**
 * The KV step with the neighbours explained first, in this thread (the worker's side:
 * write-worker.ts). The matrix is let go once they are (`sent.matrix` becomes null): it is the
 * largest thing sent, and the KV step is the thread's peak of memory.
 */
export function explainedKvStep(tmp: string, store: BundleStore, titles: ShardTitles, sent: KvNeighbours): KvWritten {
  if (!sent.matrix) throw new Error("explainedKvStep: these neighbours were explained already");
  const t0 = performance.now();
  const explained = new ExplainedNeighbours(sent.table, sent.matrix);
  sent.matrix = null;
  // The thread's share counts the explaining too (write.worker: which thread the stage waited for).
  return { ...writeKvStep(tmp, store, titles, explained), seconds: (performance.now() - t0) / 1000 };
}
