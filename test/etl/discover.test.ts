// The /descubrir tables (etl/build/discover.ts): which sets are ranked, each list's order and
// parts, the movies per year, and the genre masks on movies, on hand-made catalogues.
import { describe, expect, it } from "vitest";
import { buildCatalog, type Row } from "../../etl/build/catalog.ts";
import { cumulativeYears, discoverSets, sortedIds } from "../../etl/build/discover.ts";
import { compareColumn, DIRECTIONS, LIST_PART, listName, ORDER_COLUMN, ORDERS, RANKED_MIN, yearsTotal } from "../../src/shared/discover.ts";
import type { CleanMovie } from "../../src/shared/types.ts";
import { cleanMovie } from "./clean-movie.ts";

const movie = (id: number, m: Partial<CleanMovie> = {}): CleanMovie => cleanMovie(id, m);

const drama = { id: 18, name: "Drama" };
const war = { id: 10752, name: "War" };
const comedy = { id: 35, name: "Comedy" };
// 300 movies: every one a drama, every third a war movie (100, ranked), every 50th a comedy (6,
// not ranked); popularity and votes vary with ties, years span 1950..2009, titles need Unicode order.
const movies = Array.from({ length: 300 }, (_, i) => {
  const id = 1000 + ((i * 37) % 300); // ids not in catalogue order
  const year = 1950 + (i % 60);
  return movie(id, {
    title: ["Été", "Zorro", "apple", "\uE000 private", "\u{20000} astral", "Ω"][i % 6]! + ` ${i % 7}`,
    releaseYear: year,
    releaseDate: `${year}-0${1 + (i % 9)}-1${i % 10}`,
    popularity: (i * 7) % 13,
    voteAverage: (i % 10) / 2,
    voteCount: (i * 11) % 97,
    revenue: (i % 5) * 1e6,
    return: (i % 4) / 3,
    genres: [drama, ...(i % 3 === 0 ? [war] : []), ...(i % 50 === 0 ? [comedy] : [])],
    languages: [{ code: i % 2 ? "en" : "fr", name: i % 2 ? "English" : "Français" }],
    companies:
      i % 4 === 0
        ? [
            { id: 1, name: "Warner Bros." },
            { id: 2, name: "Warner Bros" },
          ]
        : [],
  });
});
const { tables } = buildCatalog(movies, {});
const rows = (name: string): Row[] => tables.find((t) => t.name === name)!.rows;
const list = (name: string): number[] =>
  rows("discover_lists")
    .filter((r) => r.list === name)
    .sort((a, b) => Number(a.part) - Number(b.part))
    .flatMap((r) => JSON.parse(String(r.ids)) as number[]);

describe("discover sets", () => {
  const sets = discoverSets(tables);
  it("follow the links the filters resolve to; a company is every id of its name, each movie once", () => {
    expect(sets.get("g:10752")).toHaveLength(100);
    expect(sets.get("l:fr")).toHaveLength(150);
    expect(sets.get("p:warner bros")).toHaveLength(75);
    expect(sets.get("y:1950")).toHaveLength(50);
    expect(sets.get("*:")).toHaveLength(300);
  });
  it("are ranked from RANKED_MIN movies on, and every decade and the whole catalogue are", () => {
    const ranked = rows("discover_sets")
      .map((r) => r.set_key)
      .sort();
    expect(RANKED_MIN).toBeLessThanOrEqual(75);
    expect(RANKED_MIN).toBeGreaterThan(6);
    expect(ranked).toEqual(["*:", "g:10752", "g:18", "l:en", "l:fr", "p:warner bros", "y:1950", "y:1960", "y:1970", "y:1980", "y:1990", "y:2000"]);
    expect(rows("discover_lists").some((r) => String(r.list).startsWith("g:35|"))).toBe(false);
  });
  it("record their size and their movies up to each year", () => {
    const all = rows("discover_sets").find((r) => r.set_key === "*:")!;
    expect(all.size).toBe(300);
    expect(yearsTotal(String(all.years), 1950, 1959)).toBe(50);
    expect(yearsTotal(String(all.years), 1955, undefined)).toBe(275);
    expect(yearsTotal(String(all.years), undefined, 1900)).toBe(0);
    expect(yearsTotal(String(all.years), 2050, 2060)).toBe(0);
    expect(cumulativeYears([2001, 1999, 1999, 2003])).toEqual({ first: 1999, cum: [2, 2, 3, 3, 4] });
  });
});

describe("discover lists", () => {
  it("list every ranked set in every order and direction: by the column as SQLite compares it, ties to the lower id", () => {
    const byId = new Map(rows("movies").map((m) => [Number(m.id), m]));
    for (const order of ORDERS) {
      for (const direction of DIRECTIONS) {
        const sign = direction === "desc" ? -1 : 1;
        const ids = list(listName("g:10752", order, direction));
        expect(ids).toHaveLength(100);
        for (let i = 1; i < ids.length; i++) {
          const [a, b] = [byId.get(ids[i - 1]!)!, byId.get(ids[i]!)!];
          const c = sign * compareColumn(a[ORDER_COLUMN[order]] as number | string, b[ORDER_COLUMN[order]] as number | string);
          expect(c < 0 || (c === 0 && Number(a.id) < Number(b.id)), `${order}.${direction} at ${i}`).toBe(true);
        }
        expect(list(listName("*:", order, direction))).toEqual(sortedIds(rows("movies"), order, direction));
      }
    }
  });
  it("orders titles by code point (as SQLite's BINARY collation), not by UTF-16 unit", () => {
    const titles = list(listName("*:", "titulo", "asc")).map((id) => rows("movies").find((m) => m.id === id)!.title_key as string);
    const firsts = [...new Set(titles.map((t) => [...t][0]))];
    // U+E000 sorts before U+20000 by code point; by UTF-16 unit the surrogate pair (D840) would come first.
    expect(firsts).toEqual(["a", "e", "z", "ω", "\uE000", "\u{20000}"]);
  });
  it("cut lists into parts of LIST_PART ids, numbered from 0", () => {
    const parts = rows("discover_lists").filter((r) => r.list === listName("*:", "fecha", "asc"));
    expect(parts.map((p) => p.part)).toEqual([0, 1]);
    expect(JSON.parse(String(parts[0]!.ids))).toHaveLength(LIST_PART);
    expect(JSON.parse(String(parts[1]!.ids))).toHaveLength(300 - LIST_PART);
  });
});

describe("genre masks", () => {
  it("give each genre a bit by id, and each movie the bits of its genres", () => {
    const genres = rows("genres");
    expect(genres.map((g) => [g.id, g.bit, g.movie_count])).toEqual([
      [18, 0, 300],
      [35, 1, 6],
      [10752, 2, 100],
    ]);
    const m = rows("movies").find((r) => r.id === movies[0]!.id)!;
    expect(m.genre_mask).toBe(0b111);
    expect(m.language).toBe("fr");
  });
});
