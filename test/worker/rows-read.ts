// The D1 rows-read budgets of the Free plan (5 M rows read a day for the whole account), checked
// on whatever catalogue the test project loaded: the inputs are picked from the database itself
// (the director, title, company... with the most movies, typos and prefixes of real names), so
// the same cases run on the sample (test/worker) and on the real data (test/worker-real). Each
// request goes past the caches (bench mode), with the dataset version already in isolate memory,
// and counts `meta.rows_read` over its D1 calls (instrumented.ts).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { WALK_MAX } from "../../src/db/discover.ts";
import { BENCH_NO_CACHE_HEADER } from "../../src/lib/bench.ts";
import { type DiscoverCases, discoverCases } from "./discover-cases.ts";
import { discoverUrl } from "./discover-reference.ts";
import { instrumentedFetch } from "./instrumented.ts";

/**
 * Rows a request may read (README, "Where data lives"). /descubrir: a page of the common filters
 * (one filter, or a genre and a decade) reads about as much as the page needs; any request stops
 * after WALK_MAX movies of its source, two rows each (the list's id and the movie), plus the
 * names it resolves.
 */
export const BUDGET = { found: 10, suggestions: 200, search: 2000, discover: 200, discoverAny: 2 * WALK_MAX + 500 } as const;

const uncached = (path: string) => instrumentedFetch(path, { headers: { [BENCH_NO_CACHE_HEADER]: "1" } }, { BENCH: "1" });
const enc = encodeURIComponent;
const one = async <T>(sql: string) => (await env.DB.prepare(sql).first<T>())!;

/** A typo: the first two different adjacent letters after the first swapped ("john lasseter" -> "jhon lasseter"). */
function swap(s: string): string {
  const chars = [...s];
  for (let i = 1; i + 1 < chars.length; i++) {
    if (chars[i] !== chars[i + 1] && /\p{L}/u.test(chars[i]!) && /\p{L}/u.test(chars[i + 1]!)) {
      [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
      return chars.join("");
    }
  }
  return `${s}x`;
}
/** The first word, cut: a prefix ("warner bros." -> "warn"). */
const prefix = (s: string) => s.split(" ")[0]!.slice(0, Math.max(2, Math.ceil(s.split(" ")[0]!.length / 2)));

interface Cases {
  found: string[];
  missing: string[];
  search: string[];
}

async function pickCases(): Promise<Cases> {
  const director = await one<{ name: string }>("SELECT name FROM directors ORDER BY movie_count DESC, name_key LIMIT 1");
  const company = await one<{ name: string }>("SELECT name FROM companies ORDER BY movie_count DESC, id LIMIT 1");
  const franchise = await one<{ name: string }>("SELECT name FROM collections ORDER BY movie_count DESC, id LIMIT 1");
  const country = await one<{ code: string; name: string }>("SELECT code, name FROM countries ORDER BY movie_count DESC LIMIT 1");
  const language = await one<{ code: string; name: string }>("SELECT code, name FROM languages ORDER BY first_count DESC LIMIT 1");
  // The title shared by the most movies, and a year of one of them that is not the primary's.
  const shared = await one<{ title_key: string; movies: string }>(
    "SELECT title_key, movies FROM titles WHERE part = 0 ORDER BY json_array_length(movies) DESC, title_key LIMIT 1",
  );
  const sharedMovies = JSON.parse(shared.movies) as [number, string, number | null, number, number][];
  const movie = await one<{ id: number; title: string }>("SELECT id, title FROM movies ORDER BY vote_count DESC, id LIMIT 1");
  const long = "the ".repeat(50).trim();
  const found = [
    `/get_director/${enc(director.name)}`,
    `/get_director/${enc(director.name.toUpperCase())}`,
    `/productoras_exitosas/${enc(company.name)}`,
    `/franquicia/${enc(franchise.name)}`,
    `/peliculas_pais/${enc(country.code)}`,
    `/peliculas_pais/${enc(country.name)}`,
    `/peliculas_idioma/${enc(language.code)}`,
    `/peliculas_idioma/${enc(language.name)}`,
    `/peliculas_duracion/${enc(shared.title_key)}`,
    `/peliculas_duracion/${enc(shared.title_key)}?anio=${sharedMovies.at(-1)![3]}`,
    `/peliculas_duracion/${enc(movie.title)}`,
    `/peliculas/${movie.id}`,
  ];
  const typos: [string, string][] = [
    ["get_director", director.name],
    ["productoras_exitosas", company.name],
    ["franquicia", franchise.name],
    ["peliculas_pais", country.name],
    ["peliculas_idioma", language.name],
    ["peliculas_duracion", movie.title],
    ["recomendacion", movie.title],
  ];
  const missing = [
    ...typos.map(([route, name]) => `/${route}/${enc(swap(name.toLowerCase()))}`),
    ...typos.map(([route, name]) => `/${route}/${enc(prefix(name.toLowerCase()))}`),
    ...["peliculas_duracion", "get_director", "recomendacion", "peliculas_idioma"].flatMap((route) => [
      `/${route}/${enc("日本の映画")}`,
      `/${route}/${enc("ñandú ☃ 🎬")}`,
      `/${route}/${enc(long)}`,
      `/${route}/${"x".repeat(200)}`,
      `/${route}/${enc("a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7 8 9 0")}`,
      `/${route}/${enc("e")}`,
    ]),
    `/peliculas_duracion/${enc(shared.title_key)}?anio=1870`, // a known title, not that year
    "/peliculas/999999999",
  ];
  const tipos = ["todo", "pelicula", "director", "franquicia", "productora"];
  const search = [
    ...["th", "the", "the a of", "an", "st", "ma", "de", "zz", "1 2", prefix(director.name), movie.title, long, "日本", "ñandú"].flatMap((q) =>
      tipos.map((tipo) => `/buscar?q=${enc(q)}&tipo=${tipo}`),
    ),
    ...[2, 10, 50].map((page) => `/buscar?q=the&page=${page}`),
    "/buscar?q=th&page=50&tipo=pelicula",
  ];
  return { found, missing, search };
}

/** Runs every case, prints its rows read (the figures in the README), and checks the budgets. */
export function rowsReadBudgets(dataset: string) {
  let cases: Cases;
  let discover: DiscoverCases;
  beforeAll(async () => {
    await instrumentedFetch("/health"); // the dataset version into isolate memory, as in production
    cases = await pickCases();
    discover = await discoverCases();
  });

  const measure = async (paths: string[], statuses: number[]) => {
    const rows: { path: string; status: number; read: number; d1: number }[] = [];
    for (const path of paths) {
      const res = await uncached(path);
      expect(statuses, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toContain(res.status);
      rows.push({ path, status: res.status, read: res.calls.rowsRead, d1: res.calls.d1 });
    }
    // The 12 costliest, and the count of the rest: the figures behind the README's table.
    const top = [...rows].sort((a, b) => b.read - a.read).slice(0, 12);
    console.log(
      `${dataset}: ${rows.length} requests, max ${top[0]?.read} rows read\n` +
        top.map((r) => `  ${String(r.read).padStart(5)}  ${r.status}  ${decodeURIComponent(r.path).slice(0, 90)}`).join("\n"),
    );
    return rows;
  };

  describe(`D1 rows read per request (${dataset})`, () => {
    it(`a found name reads at most ${BUDGET.found} rows`, async () => {
      for (const r of await measure(cases.found, [200])) expect(r.read, r.path).toBeLessThanOrEqual(BUDGET.found);
    });
    it(`a 404 with suggestions reads at most ${BUDGET.suggestions} rows`, async () => {
      // A prefix or typo of a real name can be a name too (synthetic titles are words): then it is a hit.
      const rows = await measure(cases.missing, [200, 404]);
      for (const r of rows) expect(r.read, r.path).toBeLessThanOrEqual(r.status === 200 ? BUDGET.found : BUDGET.suggestions);
      expect(rows.filter((r) => r.status === 404).length).toBeGreaterThan(rows.length * 0.8);
    });
    it(`any /buscar reads at most ${BUDGET.search} rows, broad queries and deep pages too`, async () => {
      for (const r of await measure(cases.search, [200])) expect(r.read, r.path).toBeLessThanOrEqual(BUDGET.search);
    });
    it(`a page of /descubrir with one filter, or a genre and a decade, reads at most ${BUDGET.discover} rows`, async () => {
      for (const r of await measure(discover.common.map(discoverUrl), [200])) expect(r.read, r.path).toBeLessThanOrEqual(BUDGET.discover);
    });
    it(`any /descubrir reads at most ${BUDGET.discoverAny} rows: combinations, numeric filters, deep pages`, async () => {
      for (const r of await measure(discover.other.map(discoverUrl), [200])) expect(r.read, r.path).toBeLessThanOrEqual(BUDGET.discoverAny);
    });
    it("/version and a warm /health read at most a found name's budget", async () => {
      for (const r of await measure(["/version", "/health"], [200])) expect(r.read, r.path).toBeLessThanOrEqual(BUDGET.found);
    });
  });
}
