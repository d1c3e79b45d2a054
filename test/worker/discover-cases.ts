// /descubrir requests picked from whatever catalogue the test project loaded (sample, real data,
// a synthetic one): the biggest and smallest sets of every kind, decades, and combinations; the
// rows-read budgets (rows-read.ts) and the reference tests (discover-reference.ts) run them.
import { env } from "cloudflare:workers";
import { MAX_PAGE, ORDERS, RANKED_MIN } from "../../src/shared/discover.ts";
import type { Filters } from "./discover-reference.ts";

const all = async <T>(sql: string) => (await env.DB.prepare(sql).all<T>()).results;
const one = async <T>(sql: string) => (await all<T>(sql))[0]!;

export interface DiscoverCases {
  /** What a browse page and the home page ask most: one filter or a genre and a decade, first page. */
  common: Filters[];
  /** Everything else: combinations, numeric filters, rare values, deep pages. */
  other: Filters[];
}

export async function discoverCases(): Promise<DiscoverCases> {
  const genres = await all<{ name: string; movie_count: number }>("SELECT name, movie_count FROM genres ORDER BY movie_count DESC, id");
  const big = genres[0]!.name;
  const ranked = genres.filter((g) => g.movie_count >= RANKED_MIN);
  const mid = (ranked.at(-1) ?? genres[0]!).name;
  const small = (genres.find((g) => g.movie_count < RANKED_MIN && g.movie_count > 0) ?? genres.at(-1)!).name;
  const language = await one<{ code: string; name: string }>("SELECT code, name FROM languages ORDER BY first_count DESC, code LIMIT 1");
  const rareLanguage = await one<{ code: string }>("SELECT code FROM languages WHERE first_count > 0 ORDER BY first_count, code LIMIT 1");
  const country = await one<{ code: string; name: string }>("SELECT code, name FROM countries ORDER BY movie_count DESC, code LIMIT 1");
  const company = await one<{ name: string }>("SELECT name FROM companies ORDER BY movie_count DESC, id LIMIT 1");
  const director = await one<{ name: string }>("SELECT name FROM directors ORDER BY movie_count DESC, name_key LIMIT 1");
  const franchise = await one<{ name: string }>("SELECT name FROM collections ORDER BY movie_count DESC, id LIMIT 1");
  // The decade with the most movies, and the one with the fewest.
  const decades = await all<{ d: number; n: number }>("SELECT release_year / 10 * 10 AS d, count(*) AS n FROM movies GROUP BY d ORDER BY n DESC, d");
  const [topDecade, rareDecade] = [decades[0]!.d, decades.at(-1)!.d];
  const votes = (await one<{ v: number }>("SELECT vote_count AS v FROM movies ORDER BY vote_count DESC LIMIT 1 OFFSET 50")).v;

  const common: Filters[] = [
    ...ORDERS.map((orden) => ({ orden })),
    { genero: [big] },
    { genero: [mid] },
    { genero: [small] },
    { genero: [big], orden: "votos_promedio" as const },
    { anio_desde: topDecade, anio_hasta: topDecade + 9 },
    { anio_desde: rareDecade, anio_hasta: rareDecade + 9 },
    { genero: [big], anio_desde: topDecade, anio_hasta: topDecade + 9 },
    { genero: [mid], anio_desde: topDecade, anio_hasta: topDecade + 9 },
    { idioma: language.name },
    { pais: country.name },
    { productora: company.name },
    { director: director.name },
    { franquicia: franchise.name },
    { genero: [big], page: 2 },
    { orden: "titulo", page: 3 },
  ];
  const other: Filters[] = [
    { genero: [mid], anio_desde: topDecade, anio_hasta: topDecade + 9, orden: "votos_promedio", votos_min: 100 },
    { votos_min: votes, orden: "votos_promedio" },
    { votos_min: votes * 100 },
    { votos_min: 1, orden: "fecha", direccion: "asc" },
    { duracion_min: 150, orden: "retorno", direccion: "asc" },
    { duracion_min: 85, duracion_max: 95 },
    { anio_desde: Math.min(rareDecade, topDecade), anio_hasta: Math.max(rareDecade, topDecade) + 9, orden: "ganancia" },
    { anio_hasta: rareDecade + 5 },
    { anio_desde: topDecade },
    { genero: [big, mid], idioma: language.code, pais: country.code, orden: "fecha" },
    { genero: [small], pais: country.code },
    { idioma: rareLanguage.code, genero: [big] },
    { productora: company.name, genero: [big], anio_desde: topDecade - 20 },
    { director: director.name, genero: [big], orden: "titulo", direccion: "desc" },
    { page: MAX_PAGE },
    { page: 25 },
    { genero: [big], page: 100 },
    { orden: "titulo", direccion: "desc", page: MAX_PAGE },
    { votos_min: 10, page: 50 },
    { genero: [mid], votos_min: 10, page: 10 },
  ];
  return { common, other };
}
