// Groups every movie's neighbours into the KV shards the Worker reads (src/shared/shard.ts):
// one read answers /recomendacion for any title, with titles and years inline so no D1 query
// is needed on a hit. The shard count is sized by the catalogue: the smallest power of two at
// which no shard exceeds MAX_SHARD_BYTES. Values are produced one shard at a time and handed
// to the writers, so memory holds sizes and indexes, never every shard's text at once.
import { normalizeName } from "../../src/shared/normalize.ts";
import { MAX_SHARD_BYTES, SHARD_HASH_CHARS, shardKey, shardOf } from "../../src/shared/shard.ts";
import type { CleanMovie, Neighbour, ScoredNeighbour, ShardMovie } from "../../src/shared/types.ts";
import { sha256 } from "../hash.ts";

export interface KvEntry { key: string; value: string }

/** Similarities are shown with 6 decimals: enough to order them, short in KV. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const utf8 = (s: string) => Buffer.byteLength(s);
/** Shards start at about half the limit on average, so hash spread rarely needs a doubling. */
const TARGET_AVERAGE = MAX_SHARD_BYTES / 2;

export interface ShardPlan {
  count: number;
  /** The title groups of each shard, as indexes into `groups`. */
  members: number[][];
  /** Largest shard value in bytes, and whether a single title alone exceeds the limit. */
  largest: number;
  oversizedTitle: string | null;
}

interface TitleGroup { key: string; movies: number[]; bytes: number }

export class ShardBuilder {
  private readonly groups: TitleGroup[] = [];
  private readonly byId: Map<number, CleanMovie>;

  constructor(private readonly movies: CleanMovie[], private readonly neighbours: Map<number, ScoredNeighbour[]>) {
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
      // `"key":[...]` plus the comma between entries: a shard's size is the sum of its entries'.
      this.groups.push({ key, movies: list, bytes: utf8(JSON.stringify(key)) + 1 + utf8(JSON.stringify(this.entry(list))) + 1 });
    }
  }

  private entry(list: number[]): ShardMovie[] {
    return list.map((i) => {
      const m = this.movies[i]!;
      const recs: Neighbour[] = (this.neighbours.get(m.id) ?? []).map((n) => {
        const r = this.byId.get(n.id)!;
        return { id: r.id, titulo: r.title, anio: r.releaseYear, similitud: round6(n.sim), terminos: n.terms ?? [] };
      });
      return { id: m.id, titulo: m.title, anio: m.releaseYear, recs };
    });
  }

  /** The smallest power-of-two shard count whose largest shard fits (or where one title fills a shard). */
  plan(): ShardPlan {
    const total = this.groups.reduce((n, g) => n + g.bytes, 0);
    let count = 2 ** Math.max(0, Math.ceil(Math.log2(Math.max(1, total / TARGET_AVERAGE))));
    for (;;) {
      const sizes = new Float64Array(count).fill(1); // "{" ... "}" less the last comma
      const members: number[][] = Array.from({ length: count }, () => []);
      this.groups.forEach((g, gi) => {
        const s = shardOf(g.key, count);
        sizes[s]! += g.bytes;
        members[s]!.push(gi);
      });
      let largest = 0;
      let at = 0;
      sizes.forEach((b, i) => { if (b > largest) { largest = b; at = i; } });
      const alone = members[at]!.length === 1 ? this.groups[members[at]![0]!]!.key : null;
      // A title whose movies alone exceed the limit cannot be split by more shards: stop there.
      if (largest <= MAX_SHARD_BYTES || alone !== null || count >= 2 ** 24) return { count, members, largest, oversizedTitle: alone };
      count *= 2;
    }
  }

  /** Each shard's value and content-addressed key, in shard order. */
  *shards(plan: ShardPlan): Generator<KvEntry & { shard: number; hash: string }> {
    for (let shard = 0; shard < plan.count; shard++) {
      const obj: Record<string, ShardMovie[]> = {};
      for (const gi of plan.members[shard]!) {
        const g = this.groups[gi]!;
        obj[g.key] = this.entry(g.movies);
      }
      const value = JSON.stringify(obj);
      const hash = sha256(value).slice(0, SHARD_HASH_CHARS);
      yield { shard, hash, key: shardKey(hash), value };
    }
  }
}
