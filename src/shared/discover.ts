// What /descubrir (src/db/discover.ts) and the ETL that writes its lists (etl/build/discover.ts)
// agree on: the sort orders and the total order each one defines, the names of sets and lists,
// and which sets are ranked (migrations/0001_init.sql explains the tables).

export const ORDERS = ["popularidad", "votos_promedio", "votos_cantidad", "fecha", "ganancia", "retorno", "titulo"] as const;
export type Order = (typeof ORDERS)[number];
export const DIRECTIONS = ["desc", "asc"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The movies column each order sorts by. Ties go to the lower id in both directions. */
export const ORDER_COLUMN: Record<Order, string> = {
  popularidad: "popularity",
  votos_promedio: "vote_average",
  votos_cantidad: "vote_count",
  fecha: "release_date",
  ganancia: "revenue",
  retorno: "return_ratio",
  titulo: "title_key",
};

/** Without `direccion`: titles A to Z, everything else highest first. */
export const defaultDirection = (order: Order): Direction => (order === "titulo" ? "asc" : "desc");

/** /descubrir's page size. */
export const PAGE_SIZE = 20;
/** Like TMDB's discover: 500 pages of 20. */
export const MAX_PAGE = 500;
export const MAX_RESULTS = MAX_PAGE * PAGE_SIZE;

/** Movie ids per row of a list: a multiple of the page size, so that a page never spans two parts. */
export const LIST_PART = 200;
/** Sets with at least this many movies are ranked: walking a smaller one through its link table reads ~3.5 rows per movie, under 200. */
export const RANKED_MIN = 50;

/** Kinds of set a filter selects: "*" is every movie. */
export type SetKind = "*" | "g" | "l" | "c" | "p" | "d" | "k" | "y";
export const setKey = (kind: SetKind, ref: string | number = ""): string => `${kind}:${ref}`;
export const ALL_MOVIES = setKey("*");
export const listName = (set: string, order: Order, direction: Direction): string => `${set}|${order}.${direction}`;

/** The decade a year belongs to (1995 -> 1990): every decade is a ranked set. */
export const decadeOf = (year: number): number => Math.floor(year / 10) * 10;

/**
 * Compares two values of an order's column as SQLite does (numbers numerically; text by its
 * UTF-8 bytes, i.e. by code point), so that the ETL's lists and the Worker's sorts agree with an
 * ORDER BY in D1.
 */
export function compareColumn(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x.codePointAt(i)!;
    const cy = y.codePointAt(i)!;
    if (cx !== cy) return cx - cy;
    if (cx > 0xffff) i++;
  }
  return x.length - y.length;
}

/**
 * Movies of a set released from `from` to `to` (either end open), from discover_sets.years:
 * {first, cum}, cum[i] = movies released up to year first + i (etl/build/discover.ts).
 */
export function yearsTotal(json: string, from: number | undefined, to: number | undefined): number {
  const { first, cum } = JSON.parse(json) as { first: number; cum: number[] };
  const at = (y: number) => (y < first || !cum.length ? 0 : cum[Math.min(y - first, cum.length - 1)]!);
  return at(to ?? Number.MAX_SAFE_INTEGER / 2) - at((from ?? -Number.MAX_SAFE_INTEGER / 2) - 1);
}
