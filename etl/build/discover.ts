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
  for (const m of rowsOf(tables, "movies", true)) {
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
  const orders = MovieOrders.rank(
    movies.map((m) => Number(m.id)),
    (column) => movies.map((m) => m[column] as number | string),
  );
  return Array.from(orders.positions(order, direction), (i) => Number(movies[i]!.id));
}

/** The columns the orders sort by. */
const ORDER_COLUMNS = [...new Set(Object.values(ORDER_COLUMN))];

/** MovieOrders' state: typed arrays and numbers, so it can be sent to a worker thread as it is. */
export interface OrderRanks {
  byIdRank: Int32Array;
  idRank: Int32Array;
  ranks: Record<string, { rank: Int32Array; max: number }>;
}

/**
 * The movies' orders over typed arrays: each order column ranked once (equal values, equal
 * rank), and the ids ranked, so that an order is a sort of plain numbers (rank · 2²¹ + id
 * rank, exact in a float64) instead of a comparator sort of objects per order and direction.
 * Movies are named by position (their index in `ids`).
 */
class MovieOrders {
  /** `byIdRank`: position of the movie with the i-th smallest id; `idRank`: each movie's id rank. */
  private constructor(readonly state: OrderRanks) {}

  static rank(ids: readonly number[], valuesOf: (column: string) => readonly (number | string)[]): MovieOrders {
    if (ids.length >= 2 ** 21) throw new Error(`discover: ${ids.length} movies, more than one float64 key orders`);
    const byIdRank = Int32Array.from(ids.keys()).sort((a, b) => ids[a]! - ids[b]!);
    const idRank = new Int32Array(ids.length);
    byIdRank.forEach((i, r) => {
      idRank[i] = r;
    });
    const ranks: OrderRanks["ranks"] = {};
    for (const column of ORDER_COLUMNS) {
      const values = valuesOf(column);
      const byValue = Int32Array.from(values.keys()).sort((a, b) => compareColumn(values[a]!, values[b]!));
      const rank = new Int32Array(values.length);
      let max = 0;
      byValue.forEach((i, at) => {
        if (at > 0 && compareColumn(values[byValue[at - 1]!]!, values[i]!) !== 0) max++;
        rank[i] = max;
      });
      ranks[column] = { rank, max };
    }
    return new MovieOrders({ byIdRank, idRank, ranks });
  }

  /** Orders ranked elsewhere (a worker thread's copy). */
  static of(state: OrderRanks): MovieOrders {
    return new MovieOrders(state);
  }

  /** The position of the movie with this id (-1 if none). */
  positionOf(id: number, ids: ArrayLike<number>): number {
    const { byIdRank } = this.state;
    let lo = 0;
    let hi = byIdRank.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[byIdRank[mid]!]!;
      if (v === id) return byIdRank[mid]!;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The movies' positions in this order. */
  positions(order: Order, direction: Direction): Int32Array {
    const { byIdRank, idRank, ranks } = this.state;
    const { rank, max } = ranks[ORDER_COLUMN[order]]!;
    const keys = new Float64Array(rank.length);
    for (let i = 0; i < keys.length; i++) keys[i] = (direction === "desc" ? max - rank[i]! : rank[i]!) * 2 ** 21 + idRank[i]!;
    keys.sort();
    return Int32Array.from(keys, (k) => byIdRank[k % 2 ** 21]!);
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

/**
 * What discover_lists is made from, all typed arrays (sent as they are to the write stage's
 * worker thread, which makes and writes that table, the catalogue's largest, beside the main
 * thread): the ranked sets' names, the movies (their ids; each movie's sets: start[i]..start[i+1]
 * in `sets`) and the movies' orders.
 */
export interface DiscoverListsPlan {
  names: string[];
  ids: Int32Array;
  start: Int32Array;
  sets: Int32Array;
  orders: OrderRanks;
}

export function buildDiscoverTables(tables: readonly Table[]): Table[] {
  // One read of the movies' rows (made anew at each read, without their links): the columns
  // the sets read as small rows, the order columns as lists, ranked then dropped.
  const keys: Row[] = [];
  const values = new Map<string, (number | string)[]>(ORDER_COLUMNS.map((c) => [c, []]));
  for (const m of rowsOf(tables, "movies", true)) {
    keys.push({ id: m.id ?? null, release_year: m.release_year ?? null, collection_id: m.collection_id ?? null });
    for (const [c, list] of values) list.push(m[c] as number | string);
  }
  const ids = Int32Array.from(keys, (m) => Number(m.id));
  const orders = MovieOrders.rank(Array.from(ids), (c) => values.get(c)!);
  values.clear();
  const { setRows, names, member } = rankedSets(tables, keys, ids, orders);
  return [
    { name: "discover_sets", columns: ["set_key", "size", "years"], key: ["set_key"], rows: setRows },
    discoverListsTable({ names, ids, start: member.start, sets: member.sets, orders: orders.state }),
  ];
}

/** The discover_lists table of a plan: its rows made one order at a time as they are read. */
export function discoverListsTable(plan: DiscoverListsPlan): Table {
  const { names, ids, start, sets } = plan;
  const orders = MovieOrders.of(plan.orders);
  // One order at a time: only one order's lists are held while its rows are read, all of them
  // in one typed array (set s at from[s]..from[s + 1]) made once and refilled for each order.
  const from = new Int32Array(names.length + 1);
  for (const s of sets) from[s + 1]!++;
  for (let s = 0; s < names.length; s++) from[s + 1]! += from[s]!;
  const dealt = new Int32Array(sets.length);
  function* listRows(): Generator<Row> {
    for (const order of ORDERS) {
      for (const direction of DIRECTIONS) {
        const fill = from.slice(0, names.length);
        for (const i of orders.positions(order, direction)) for (let e = start[i]!; e < start[i + 1]!; e++) dealt[fill[sets[e]!]!++] = ids[i]!;
        for (let s = 0; s < names.length; s++) {
          const list = listName(names[s]!, order, direction);
          // The JSON of a list of integers, as JSON.stringify writes it.
          for (let at = from[s]!, part = 0; at < from[s + 1]!; at += LIST_PART, part++) {
            yield { list, part, ids: `[${dealt.subarray(at, Math.min(at + LIST_PART, from[s + 1]!)).join(",")}]` };
          }
        }
      }
    }
  }
  return {
    name: "discover_lists",
    columns: ["list", "part", "ids"],
    key: ["list", "part"],
    rows: lazyRows(listRows),
    portable: () => ({ kind: "discover_lists", plan }),
  };
}

/**
 * The ranked sets: their discover_sets rows, their names, and each movie's sets (by index in
 * `names`; movies by position, in one pair of typed arrays: start[i]..start[i+1] in `sets`).
 * The sets' own id lists stay here: the lists are dealt from the orders.
 */
function rankedSets(tables: readonly Table[], keys: Row[], ids: Int32Array, orders: MovieOrders) {
  const year = Int32Array.from(keys, (m) => Number(m.release_year));
  const ranked = [...discoverSets(tables.map((t) => (t.name === "movies" ? { name: t.name, columns: t.columns, key: t.key, rows: keys } : t)))].filter(
    ([set, list]) => isRanked(set, list.length),
  );
  const positions = ranked.map(([, list]) => Int32Array.from(list, (id) => orders.positionOf(id, ids)));
  const setRows: Row[] = ranked.map(([set], s) => ({
    set_key: set,
    size: positions[s]!.length,
    years: JSON.stringify(cumulativeYears(Array.from(positions[s]!, (i) => year[i]!))),
  }));
  const start = new Int32Array(ids.length + 1);
  for (const list of positions) for (const i of list) start[i + 1]!++;
  for (let i = 0; i < ids.length; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, ids.length);
  const sets = new Int32Array(start[ids.length]!);
  positions.forEach((list, s) => {
    for (const i of list) sets[fill[i]!++] = s;
  });
  return { setRows, names: ranked.map(([set]) => set), member: { start, sets } };
}
