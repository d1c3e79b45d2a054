// The request mix of `npm run bench:api`, drawn from the loaded database so it fits any data
// set: for each route mostly hits (names as the dataset writes them and in other spellings),
// titles shared by several movies with and without ?anio=, and misses (typos, which cost the
// 404's suggestion search). Deterministic (seeded), so runs compare.
import { wrangler } from "./wrangler.ts";

export const ROUTES = [
  "peliculas_idioma",
  "peliculas_duracion",
  "franquicia",
  "peliculas_pais",
  "productoras_exitosas",
  "get_director",
  "recomendacion",
] as const;
export type Route = (typeof ROUTES)[number];

const QUERIES = {
  titles: "SELECT title AS name, release_year AS year FROM movies ORDER BY vote_count DESC, id LIMIT 400",
  shared: `SELECT m.title AS name, m.release_year AS year FROM movies m
    JOIN (SELECT title_key FROM movies GROUP BY title_key HAVING COUNT(*) > 1) d ON d.title_key = m.title_key
    ORDER BY m.title_key, m.release_year LIMIT 200`,
  languages: `SELECT name FROM languages WHERE first_count > 0 UNION ALL
    SELECT a.alias_key AS name FROM language_aliases a JOIN languages l ON l.code = a.code WHERE l.first_count > 0`,
  countries: `SELECT name FROM countries WHERE movie_count > 0 UNION ALL
    SELECT a.alias_key AS name FROM country_aliases a JOIN countries c ON c.code = a.code WHERE c.movie_count > 0`,
  franchises: "SELECT name FROM collections ORDER BY movie_count DESC, id LIMIT 300",
  companies: "SELECT name FROM companies ORDER BY movie_count DESC, id LIMIT 300",
  directors: "SELECT name FROM directors ORDER BY movie_count DESC, id LIMIT 300",
} as const;
type Rows = Record<keyof typeof QUERIES, { name: string; year?: number }[]>;

/** Runs the queries above on the local D1 in `persistTo` (one wrangler call). */
export function readNames(persistTo: string): Rows {
  const keys = Object.keys(QUERIES) as (keyof typeof QUERIES)[];
  const sql = keys.map((k) => QUERIES[k].replace(/\s+/g, " ")).join("; ");
  const out = wrangler(["d1", "execute", "DB", "--local", `--persist-to=${persistTo}`, "--json", "--command", sql], { quiet: true });
  const results: { results: { name: string; year?: number }[] }[] = JSON.parse(out);
  return Object.fromEntries(keys.map((k, i) => [k, results[i]?.results ?? []])) as Rows;
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mix {
  hits: number;
  shared: number;
  misses: number;
}
/** Shares of each kind of request in a route's mix. */
export const MIX: Mix = { hits: 0.7, shared: 0.15, misses: 0.15 };

/** A route's request paths in a shuffled order (`all`), and the same split by outcome. */
export interface RouteMix {
  all: string[];
  hits: string[];
  misses: string[];
}

/** Request paths for every route, `perRoute` each. */
export function buildMix(rows: Rows, perRoute = 400): Record<Route, RouteMix> {
  const rand = prng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const spell = (s: string) => (rand() < 0.3 ? s.toLowerCase() : s);
  // A typo the suggestions should still catch: drop or swap an inner character.
  const typo = (s: string) => {
    if (s.length < 4) return `${s}qx`;
    const i = 1 + Math.floor(rand() * (s.length - 2));
    return rand() < 0.5 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  };
  const url = (route: Route, name: string, query = "") => `/${route}/${encodeURIComponent(name)}${query}`;

  const forNames = (route: Route, names: string[], shared?: { name: string; year?: number }[]): RouteMix => {
    const mix: RouteMix = { all: [], hits: [], misses: [] };
    for (let i = 0; i < perRoute; i++) {
      const r = rand();
      let path: string;
      if (r < MIX.misses) {
        path = url(route, typo(pick(names)));
        mix.misses.push(path);
      } else {
        if (shared?.length && r < MIX.misses + MIX.shared) {
          const m = pick(shared);
          path = url(route, spell(m.name), rand() < 0.5 ? `?anio=${m.year}` : "");
        } else path = url(route, spell(pick(names)));
        mix.hits.push(path);
      }
      mix.all.push(path);
    }
    return mix;
  };
  const names = (k: keyof Rows) => rows[k].map((r) => r.name);
  const titles = names("titles");
  return {
    peliculas_idioma: forNames("peliculas_idioma", names("languages")),
    peliculas_duracion: forNames("peliculas_duracion", titles, rows.shared),
    franquicia: forNames("franquicia", names("franchises")),
    peliculas_pais: forNames("peliculas_pais", names("countries")),
    productoras_exitosas: forNames("productoras_exitosas", names("companies")),
    get_director: forNames("get_director", names("directors")),
    recomendacion: forNames("recomendacion", titles, rows.shared),
  };
}
