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

/** The UTF-8 size of `JSON.stringify(x)` for an object of `shape`'s keys, less its values' (each value's own size is added to it). */
const fixedBytes = (shape: Record<string, unknown>) =>
  utf8(JSON.stringify(shape)) - Object.values(shape).reduce<number>((n, v) => n + utf8(JSON.stringify(v)), 0);
/** JSON.stringify of a ShardMovie and of a Neighbour, less their values. */
const MOVIE_FIXED = fixedBytes({ id: 0, titulo: "", anio: 0, recs: [] });
const REC_FIXED = fixedBytes({ id: 0, titulo: "", anio: 0, similitud: 0, terminos: [] });
/** A number's JSON (JSON.stringify writes a finite number as String does): ASCII. */
const numberBytes = (x: number) => String(x).length;
/** A list's JSON from its items' sizes: brackets and commas. */
const listBytes = (items: number, itemBytes: number) => 2 + itemBytes + Math.max(0, items - 1);

/**
 * The movies' side of the shards, which needs no neighbours (so the write stage's worker thread
 * makes it while the recommender runs): each movie's index by id, the JSON size of its id,
 * title and year (a movie's and a neighbour's entry both show them), and every title key's
 * movies in the title routes' order.
 */
export class ShardTitles {
  /** Each movie's index by id (a neighbour's title and year, its sizes). */
  readonly rowOf: Map<number, number>;
  /** Per movie (by index): the JSON size of its id, title and year. */
  readonly shownBytes: Int32Array;
  /** Each normalised title's movies (indexes): most votes first, then lowest id. */
  readonly byKey = new Map<string, number[]>();

  constructor(readonly movies: readonly KvMovie[]) {
    this.rowOf = new Map(movies.map((m, i) => [m.id, i]));
    this.shownBytes = Int32Array.from(movies, (m) => numberBytes(m.id) + utf8(JSON.stringify(m.title)) + numberBytes(m.releaseYear));
    movies.forEach((m, i) => {
      const key = normalizeName(m.title);
      const list = this.byKey.get(key);
      if (list) list.push(i);
      else this.byKey.set(key, [i]);
    });
    // Same order as the title routes: most votes first, then lowest id.
    for (const list of this.byKey.values()) list.sort((a, b) => movies[b]!.voteCount - movies[a]!.voteCount || movies[a]!.id - movies[b]!.id);
  }
}

export class ShardBuilder {
  private readonly entries: Entry[] = [];
  private readonly movies: readonly KvMovie[];
  private readonly titles: ShardTitles;
  /** Per term, its JSON size (see movieBytes). */
  private readonly termBytes = new Map<string, number>();
  private splitTitles = 0;

  /** `movies`: the movies, or their ShardTitles made beforehand. */
  constructor(
    movies: readonly KvMovie[] | ShardTitles,
    private readonly neighbours: NeighbourLookup,
  ) {
    this.titles = movies instanceof ShardTitles ? movies : new ShardTitles(movies);
    this.movies = this.titles.movies;
    const movieBytes = Int32Array.from(this.movies, (_, i) => this.movieBytes(i));
    for (const [key, list] of this.titles.byKey) {
      const whole = listBytes(
        list.length,
        list.reduce((n, i) => n + movieBytes[i]!, 0),
      );
      if (whole <= SPLIT_TITLE_BYTES) this.add(key, () => list.map((i) => this.movie(i)), whole);
      else this.split(key, list, movieBytes);
    }
  }

  /** `"key":value` plus the comma between entries: a shard's size is the sum of its entries'. */
  private add(key: string, value: Entry["value"], valueBytes: number) {
    this.entries.push({ key, value, bytes: utf8(JSON.stringify(key)) + 1 + valueBytes + 1 });
  }

  /** A title too big for one entry: its index, each year's most voted movie, every movie. */
  private split(key: string, list: number[], movieBytes: Int32Array) {
    this.splitTitles++;
    const years: number[] = [];
    for (const i of list) {
      const year = this.movies[i]!.releaseYear;
      if (years.includes(year)) continue;
      years.push(year);
      this.add(yearEntryKey(key, year), () => this.movie(i), movieBytes[i]!);
    }
    const index = { anios: years, primero: 0 };
    this.add(key, () => ({ ...index, primero: this.movie(list[0]!) }), utf8(JSON.stringify(index)) - 1 + movieBytes[list[0]!]!);
    for (const i of list) this.add(movieEntryKey(this.movies[i]!.id), () => this.movie(i), movieBytes[i]!);
  }

  private movie(i: number): ShardMovie {
    const m = this.movies[i]!;
    const recs: Neighbour[] = (this.neighbours.get(m.id) ?? []).map((n) => {
      const r = this.movies[this.titles.rowOf.get(n.id)!]!;
      return { id: r.id, titulo: r.title, anio: r.releaseYear, similitud: round6(n.sim), terminos: n.terms ?? [] };
    });
    return { id: m.id, titulo: m.title, anio: m.releaseYear, recs };
  }

  /**
   * The size of movie i's ShardMovie JSON, added up from its parts (titles' and terms' sizes
   * known once) instead of made: the shard plan needs every entry's size before any shard is
   * made, and making each movie twice was a third of the KV step. shards() checks every
   * shard's size against the plan.
   */
  private movieBytes(i: number): number {
    const recs = this.neighbours.get(this.movies[i]!.id) ?? [];
    const { rowOf, shownBytes } = this.titles;
    let bytes = 0;
    for (const n of recs) {
      const terms = n.terms ?? [];
      let termBytes = 0;
      for (const t of terms) termBytes += this.termBytes.get(t) ?? this.termBytes.set(t, utf8(JSON.stringify(t))).get(t)!;
      bytes += REC_FIXED + shownBytes[rowOf.get(n.id)!]! + numberBytes(round6(n.sim)) + listBytes(terms.length, termBytes);
    }
    return MOVIE_FIXED + shownBytes[i]! + listBytes(recs.length, bytes);
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

  /** Each shard's value (its text and its UTF-8 bytes, encoded once) and content-addressed key, in shard order. */
  *shards(plan: ShardPlan): Generator<KvEntry & { shard: number; hash: string; bytes: Buffer }> {
    for (let shard = 0; shard < plan.count; shard++) {
      const obj: RecShard = {};
      for (const ei of plan.members[shard]!) {
        const e = this.entries[ei]!;
        obj[e.key] = e.value();
      }
      const value = JSON.stringify(obj);
      // "{}", or "{" + the entries' sizes (each with a comma) less the last comma + "}".
      const members = plan.members[shard]!;
      const planned = members.length ? 1 + members.reduce((n, ei) => n + this.entries[ei]!.bytes, 0) : 2;
      const bytes = Buffer.from(value);
      if (bytes.length !== planned) throw new Error(`KV shard ${shard}: ${bytes.length} bytes, but its entries' sizes add up to ${planned}`);
      const hash = sha256(bytes).slice(0, SHARD_HASH_CHARS);
      yield { shard, hash, key: shardKey(hash), value, bytes };
    }
  }
}
