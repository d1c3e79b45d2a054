// The write stage's KV step: the KV shards into the wrangler bulk-put file and the bundle's KV
// parts, and the parity check's neighbours.jsonl. Its inputs are a few columns of the movies
// and the explained neighbours (typed arrays and strings), so it can run in a worker thread
// beside the catalogue (which reads the whole movies): on two cores the write stage then takes
// about the catalogue's time instead of both added up.
import path from "node:path";
import { threadId } from "node:worker_threads";
import type { KvPartRef } from "../../src/shared/bundle.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { ExplainedNeighbours, type ExplainedParts } from "../recommender/explain.ts";
import { type BundleStore, KvPartWriter } from "./bundle.ts";
import { HashedFile } from "./files.ts";
import { type KvMovie, type NeighbourLookup, ShardBuilder } from "./kv.ts";
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

/** What the worker is sent: the movies as columns, in the catalogue's order (where to write: WriteThreadInput). */
export interface KvStepInput {
  ids: Float64Array;
  titles: string[];
  years: Float64Array;
  votes: Float64Array;
  neighbours: ExplainedParts;
}

/** The KV step in this thread: kv/recs.json and neighbours.jsonl into `tmp`, the KV parts into the store. */
export function writeKvStep(tmp: string, store: BundleStore, movies: readonly KvMovie[], neighbours: NeighbourLookup): KvWritten {
  const t0 = performance.now();
  const shards = new ShardBuilder(movies, neighbours);
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
    kvParts.add(s.key, s.value);
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

/** The worker's movies, made again from the columns. */
export function kvMovies(input: Pick<KvStepInput, "ids" | "titles" | "years" | "votes">): KvMovie[] {
  return Array.from(input.ids, (id, i) => ({ id, title: input.titles[i]!, releaseYear: input.years[i]!, voteCount: input.votes[i]! }));
}

/** The KV step's input for a worker thread: the movies as columns, the neighbours as typed arrays. */
export function kvStepInput(movies: readonly CleanMovie[], neighbours: ExplainedNeighbours): KvStepInput {
  return {
    ids: Float64Array.from(movies, (m) => m.id),
    titles: movies.map((m) => m.title),
    years: Float64Array.from(movies, (m) => m.releaseYear),
    votes: Float64Array.from(movies, (m) => m.voteCount),
    neighbours: neighbours.parts(),
  };
}

/** The worker's side (write-worker.ts). */
export function kvStepFromInput(tmp: string, store: BundleStore, input: KvStepInput): KvWritten {
  const { table, ...columns } = input.neighbours;
  return writeKvStep(tmp, store, kvMovies(input), new ExplainedNeighbours(table, columns, columns.n));
}
