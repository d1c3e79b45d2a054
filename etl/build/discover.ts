// Rows of the /descubrir tables (migrations/0001_init.sql): every ranked set with its size
// and movies per year, and its movie ids in each sort order, in parts (src/shared/discover.ts).
// Sets are read from the catalogue rows the filters resolve to, so a set here is exactly what
// the Worker's link-table walk of the same filter would find.
import {
  ALL_MOVIES,
  compareColumn,
  DIRECTIONS,
  type Direction,
  decadeOf,
  LIST_PART,
  listName,
  ORDER_COLUMN,
  ORDERS,
  type Order,
  RANKED_MIN,
  setKey,
} from "../../src/shared/discover.ts";
import { lazyRows, type Row, rowsOf, type Table } from "./catalog.ts";

/** Every set a filter can select, as movie ids: the links the Worker would walk, grouped as it resolves them. */
export function discoverSets(tables: readonly Table[]): Map<string, number[]> {
  const sets = new Map<string, number[]>();
  const add = (set: string, id: number) => {
    const list = sets.get(set);
    if (list) list.push(id);
    else sets.set(set, [id]);
  };
  for (const m of rowsOf(tables, "movies")) {
    const id = Number(m.id);
    add(ALL_MOVIES, id);
    add(setKey("y", decadeOf(Number(m.release_year))), id);
    if (m.collection_id !== null) add(setKey("k", Number(m.collection_id)), id);
  }
  for (const r of rowsOf(tables, "movie_genres")) add(setKey("g", Number(r.genre_id)), Number(r.movie_id));
  for (const r of rowsOf(tables, "movie_languages")) if (Number(r.ord) === 0) add(setKey("l", String(r.language_code)), Number(r.movie_id));
  for (const r of rowsOf(tables, "movie_countries")) add(setKey("c", String(r.country_code)), Number(r.movie_id));
  for (const r of rowsOf(tables, "movie_directors")) add(setKey("d", Number(r.director_id)), Number(r.movie_id));
  // A company filter is a name: every company id with that name_key, each movie once.
  const companyKey = new Map(Array.from(rowsOf(tables, "companies"), (c) => [Number(c.id), String(c.name_key)]));
  const byName = new Map<string, Set<number>>();
  for (const r of rowsOf(tables, "movie_companies")) {
    const key = companyKey.get(Number(r.company_id))!;
    byName.set(key, (byName.get(key) ?? new Set()).add(Number(r.movie_id)));
  }
  for (const [key, ids] of byName) for (const id of ids) add(setKey("p", key), id);
  return sets;
}

/** Ranked: big enough that walking its links would cost more than reading its lists (and every decade, and "*"). */
export const isRanked = (set: string, size: number) => size >= RANKED_MIN || set.startsWith("y:") || set === ALL_MOVIES;

/** The movies' total order for one sort order and direction: the column, then the lower id. */
export function sortedIds(movies: Row[], order: Order, direction: Direction): number[] {
  return new MovieOrders(movies).ids(order, direction);
}

/**
 * The movies' orders, each column ranked once (equal values, equal rank) so that an order is a
 * sort of plain numbers (rank, then id, in one float64 each) instead of a comparator sort of
 * objects per order and direction.
 */
class MovieOrders {
  private readonly idList: Float64Array;
  /** A movie's index in the list, by id. */
  readonly position: Map<number, number>;
  private readonly ranks = new Map<string, { rank: Int32Array; max: number }>();

  constructor(private readonly movies: Row[]) {
    this.idList = Float64Array.from(movies, (m) => Number(m.id));
    this.position = new Map(Array.from(this.idList, (id, i) => [id, i]));
  }

  private rankOf(column: string): { rank: Int32Array; max: number } {
    let r = this.ranks.get(column);
    if (!r) {
      const values = this.movies.map((m) => m[column] as number | string);
      const byValue = Array.from(values.keys()).sort((a, b) => compareColumn(values[a]!, values[b]!));
      const rank = new Int32Array(values.length);
      let max = 0;
      byValue.forEach((i, at) => {
        if (at > 0 && compareColumn(values[byValue[at - 1]!]!, values[i]!) !== 0) max++;
        rank[i] = max;
      });
      r = { rank, max };
      this.ranks.set(column, r);
    }
    return r;
  }

  ids(order: Order, direction: Direction): number[] {
    return Array.from(this.positions(order, direction), (i) => this.idList[i]!);
  }

  /** The movies (their index in the list given) in this order. */
  positions(order: Order, direction: Direction): Int32Array {
    const { rank, max } = this.rankOf(ORDER_COLUMN[order]);
    // rank · 2³² + id: exact in a float64 (ranks < 2²¹, ids < 2³²), so one numeric sort orders by rank, then id.
    if (max >= 2 ** 21) throw new Error(`discover: ${max + 1} distinct values of ${ORDER_COLUMN[order]}, more than one float64 key holds`);
    const keys = new Float64Array(this.idList.length);
    for (let i = 0; i < keys.length; i++) keys[i] = (direction === "desc" ? max - rank[i]! : rank[i]!) * 2 ** 32 + this.idList[i]!;
    keys.sort();
    return Int32Array.from(keys, (k) => this.position.get(k % 2 ** 32)!);
  }
}

/**
 * discover_sets.years: movies released up to each year, from the first year on ({first, cum}:
 * cum[i] counts years first..first+i), so a range's total is two lookups (src/db/discover.ts).
 */
export function cumulativeYears(years: number[]): { first: number; cum: number[] } {
  if (!years.length) return { first: 0, cum: [] };
  let first = years[0]!;
  let last = first;
  for (const y of years) [first, last] = [Math.min(first, y), Math.max(last, y)];
  const cum = new Array<number>(last - first + 1).fill(0);
  for (const y of years) cum[y - first]!++;
  for (let i = 1; i < cum.length; i++) cum[i]! += cum[i - 1]!;
  return { first, cum };
}

export function buildDiscoverTables(tables: readonly Table[]): Table[] {
  // The movies' columns the sets and the orders read, kept apart from their rows (which are
  // made anew at each read and carry every column).
  const columns = ["id", "release_year", "collection_id", ...new Set(Object.values(ORDER_COLUMN))];
  const movies: Row[] = [];
  for (const m of rowsOf(tables, "movies")) movies.push(Object.fromEntries(columns.map((c) => [c, m[c] ?? null])));
  const year = new Map(movies.map((m) => [Number(m.id), Number(m.release_year)]));
  const ranked = [...discoverSets(tables.map((t) => (t.name === "movies" ? { ...t, rows: movies } : t)))].filter(([set, ids]) => isRanked(set, ids.length));
  const setRows: Row[] = ranked.map(([set, ids]) => ({
    set_key: set,
    size: ids.length,
    years: JSON.stringify(cumulativeYears(ids.map((id) => year.get(id)!))),
  }));
  // Each list in order without sorting every set: walk the catalogue's order once and deal each
  // movie out to the ranked sets it belongs to (by their index in `ranked`; movies by position).
  const orders = new MovieOrders(movies);
  const member: number[][] = movies.map(() => []);
  ranked.forEach(([, ids], s) => {
    for (const id of ids) member[orders.position.get(id)!]!.push(s);
  });
  // One order at a time: only one order's lists are held while its rows are read.
  function* listRows(): Generator<Row> {
    for (const order of ORDERS) {
      for (const direction of DIRECTIONS) {
        const lists: number[][] = ranked.map(() => []);
        for (const i of orders.positions(order, direction)) for (const s of member[i]!) lists[s]!.push(Number(movies[i]!.id));
        for (let s = 0; s < ranked.length; s++) {
          const ids = lists[s]!;
          const list = listName(ranked[s]![0], order, direction);
          for (let part = 0; part * LIST_PART < ids.length; part++) {
            yield { list, part, ids: JSON.stringify(ids.slice(part * LIST_PART, (part + 1) * LIST_PART)) };
          }
        }
      }
    }
  }
  return [
    { name: "discover_sets", columns: ["set_key", "size", "years"], key: ["set_key"], rows: setRows },
    { name: "discover_lists", columns: ["list", "part", "ids"], key: ["list", "part"], rows: lazyRows(listRows) },
  ];
}
