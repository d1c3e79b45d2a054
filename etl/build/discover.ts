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
  const column = ORDER_COLUMN[order];
  const sign = direction === "desc" ? -1 : 1;
  return movies
    .map((m) => ({ id: Number(m.id), v: m[column] as number | string }))
    .sort((a, b) => sign * compareColumn(a.v, b.v) || a.id - b.id)
    .map((m) => m.id);
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
  // movie out to the ranked sets it belongs to (by their index in `ranked`).
  const member = new Map<number, number[]>();
  ranked.forEach(([, ids], s) => {
    for (const id of ids) (member.get(id) ?? member.set(id, []).get(id)!).push(s);
  });
  // One order at a time: only one order's lists are held while its rows are read.
  function* listRows(): Generator<Row> {
    for (const order of ORDERS) {
      for (const direction of DIRECTIONS) {
        const lists: number[][] = ranked.map(() => []);
        for (const id of sortedIds(movies, order, direction)) for (const s of member.get(id) ?? []) lists[s]!.push(id);
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
