// Groups every movie's neighbours into the KV shards the Worker reads (src/shared/shard.ts):
// one read answers /recomendacion for any title, with titles and years inline so no D1 query
// is needed on a hit. The shard count is sized by the catalogue: the smallest power of two at
// which no shard exceeds MAX_SHARD_BYTES. Values are produced one shard at a time and handed
// to the writers, so memory holds sizes and indexes, never every shard's text at once.
import { normalizeName } from "../../src/shared/normalize.ts";
import { MAX_SHARD_BYTES, movieEntryKey, SHARD_HASH_CHARS, SPLIT_TITLE_BYTES, shardKey, shardOf, yearEntryKey } from "../../src/shared/shard.ts";
import type { CleanMovie, Neighbour, RecShard, ScoredNeighbour, ShardMovie, SplitTitle } from "../../src/shared/types.ts";
import { sha256 } from "../hash.ts";

/** What a shard shows of a movie (the KV step runs on these, in a worker thread or not). */
export type KvMovie = Pick<CleanMovie, "id" | "title" | "releaseYear" | "voteCount">;

export interface KvEntry {
  key: string;
  value: string;
}

/** A movie's neighbours by id, best first: a Map, or a view over the recommender's flat table. */
export interface NeighbourLookup {
  get(id: number): readonly ScoredNeighbour[] | undefined;
}

/** Similarities are shown with 6 decimals: enough to order them, short in KV. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const utf8 = (s: string) => Buffer.byteLength(s);
/** Shards start at about half the limit on average, so hash spread rarely needs a doubling. */
const TARGET_AVERAGE = MAX_SHARD_BYTES / 2;

export interface ShardPlan {
  count: number;
  /** The entries of each shard, as indexes into the builder's entries. */
  members: number[][];
  /** Largest shard value in bytes. */
  largest: number;
  /** Titles split over several entries (see SplitTitle), for the report. */
  splitTitles: number;
}

/** One key of a shard: a title's movies, or a split title's index, one of its years or one of its movies. */
interface Entry {
  key: string;
  bytes: number;
  value: () => ShardMovie[] | SplitTitle | ShardMovie;
}

export class ShardBuilder {
  private readonly entries: Entry[] = [];
  private readonly byId: Map<number, KvMovie>;
  private splitTitles = 0;

  constructor(
    private readonly movies: readonly KvMovie[],
    private readonly neighbours: NeighbourLookup,
  ) {
    this.byId = new Map(movies.map((m) => [m.id, m]));
    const byKey = new Map<string, number[]>();
    movies.forEach((m, i) => {
      const key = normalizeName(m.title);
      const list = byKey.get(key);
      if (list) list.push(i);
      else byKey.set(key, [i]);
    });
    for (const [key, list] of byKey) {
      // Same order as the title routes: most votes first, then lowest id.
      list.sort((a, b) => movies[b]!.voteCount - movies[a]!.voteCount || movies[a]!.id - movies[b]!.id);
      const whole = utf8(JSON.stringify(list.map((i) => this.movie(i))));
      if (whole <= SPLIT_TITLE_BYTES) this.add(key, () => list.map((i) => this.movie(i)), whole);
      else this.split(key, list);
    }
  }

  /** `"key":value` plus the comma between entries: a shard's size is the sum of its entries'. */
  private add(key: string, value: Entry["value"], valueBytes = utf8(JSON.stringify(value()))) {
    this.entries.push({ key, value, bytes: utf8(JSON.stringify(key)) + 1 + valueBytes + 1 });
  }

  /** A title too big for one entry: its index, each year's most voted movie, every movie. */
  private split(key: string, list: number[]) {
    this.splitTitles++;
    const years: number[] = [];
    for (const i of list) {
      const year = this.movies[i]!.releaseYear;
      if (years.includes(year)) continue;
      years.push(year);
      this.add(yearEntryKey(key, year), () => this.movie(i));
    }
    this.add(key, () => ({ anios: years, primero: this.movie(list[0]!) }));
    for (const i of list) this.add(movieEntryKey(this.movies[i]!.id), () => this.movie(i));
  }

  private movie(i: number): ShardMovie {
    const m = this.movies[i]!;
    const recs: Neighbour[] = (this.neighbours.get(m.id) ?? []).map((n) => {
      const r = this.byId.get(n.id)!;
      return { id: r.id, titulo: r.title, anio: r.releaseYear, similitud: round6(n.sim), terminos: n.terms ?? [] };
    });
    return { id: m.id, titulo: m.title, anio: m.releaseYear, recs };
  }

  /** The smallest power-of-two shard count whose largest shard fits. */
  plan(): ShardPlan {
    const total = this.entries.reduce((n, e) => n + e.bytes, 0);
    let count = 2 ** Math.max(0, Math.ceil(Math.log2(Math.max(1, total / TARGET_AVERAGE))));
    for (;;) {
      const sizes = new Float64Array(count).fill(1); // "{" ... "}" less the last comma
      const members: number[][] = Array.from({ length: count }, () => []);
      this.entries.forEach((e, ei) => {
        const s = shardOf(e.key, count);
        sizes[s]! += e.bytes;
        members[s]!.push(ei);
      });
      let largest = 0;
      sizes.forEach((b) => {
        largest = Math.max(largest, b);
      });
      // No entry exceeds SPLIT_TITLE_BYTES (a movie's own entry is far smaller), so doubling ends.
      if (largest <= MAX_SHARD_BYTES || count >= 2 ** 24) return { count, members, largest, splitTitles: this.splitTitles };
      count *= 2;
    }
  }

  /** Each shard's value and content-addressed key, in shard order. */
  *shards(plan: ShardPlan): Generator<KvEntry & { shard: number; hash: string }> {
    for (let shard = 0; shard < plan.count; shard++) {
      const obj: RecShard = {};
      for (const ei of plan.members[shard]!) {
        const e = this.entries[ei]!;
        obj[e.key] = e.value();
      }
      const value = JSON.stringify(obj);
      const hash = sha256(value).slice(0, SHARD_HASH_CHARS);
      yield { shard, hash, key: shardKey(hash), value };
    }
  }
}
