// /descubrir: filter the catalogue, sort it, page through it — in one D1 round trip, reading
// about as many rows as the page needs rather than the catalogue (migrations/0001_init.sql,
// "discover_*"; src/shared/discover.ts).
//
// Every filter that names something (genres, language, country, company, director, franchise)
// selects a *set* of movies, whose size the catalogue already holds; a year range spanning at
// most MAX_DECADES decades selects the union of those decades; "*" is every movie. One statement
// resolves the names, picks the smallest set (the *source*), and walks it:
//   - a ranked source (RANKED_MIN movies or more; decades; "*") is walked in the requested order
//     through its precomputed list, one row read per movie id plus one per movie that is looked
//     at, and stops as soon as the page is full: page 1 of a broad filter reads a few dozen rows;
//   - a smaller source is read whole through its link table (at most ~RANKED_MIN links and
//     movies) and sorted;
//   - the decades of a year range are walked one by one in order and merged.
// Each movie walked is checked against the other filters on its own row (genre mask, first
// language, year, votes, runtime, franchise) or by one index seek (country, company, director).
//
// Totals (the same statement's second half, or a second statement of the same batch): the size of
// the set when one set is the only filter; with a year range, the set's movies per year summed
// (discover_sets.years); otherwise the matches among the first COUNT_WINDOW movies of the source —
// exact when the source is no bigger, else a lower bound (`total_results_capped`). At most
// MAX_RESULTS are listed, like /buscar's cap: page ≤ MAX_PAGE.
import { ApiError, describeIssues, type Issue, notFound } from "../lib/errors.ts";
import { MAX_YEAR, MIN_YEAR } from "../lib/params.ts";
import type { DiscoverItem, DiscoverPage } from "../routes/descubrir/descubrir.schemas.ts";
import type { MovieLinks } from "../shared/catalog-json.ts";
import {
  ALL_MOVIES,
  compareColumn,
  type Direction,
  decadeOf,
  LIST_PART,
  MAX_RESULTS,
  ORDER_COLUMN,
  type Order,
  PAGE_SIZE,
  yearsTotal,
} from "../shared/discover.ts";
import { franchiseKey, normalizeName } from "../shared/normalize.ts";
import { LABEL, rankSuggestions, type SuggestionCandidate, type SuggestionKind, suggestionStatement } from "./suggestions.ts";

/** Movies of the source a total counts through when no precomputed figure answers it. */
export const COUNT_WINDOW = 200;
/** Movies of the source a page walks through at most (the cost of the rarest filters and deepest pages). */
export const WALK_MAX = 5_000;
export const MAX_GENRES = 5;
/** A year range over more decades than this filters the other sources instead of being one. */
export const MAX_DECADES = 12;
/** Terms D1 accepts in one compound SELECT (workerd's SQLITE_LIMIT_COMPOUND_SELECT). */
const MAX_COMPOUND = 5;

const isId = (input: string) => /^\d{1,9}$/.test(input.trim());

export interface DiscoverQuery {
  generos: string[];
  idioma?: string;
  pais?: string;
  productora?: string;
  franquicia?: string;
  director?: string;
  anio_desde?: number;
  anio_hasta?: number;
  votos_min?: number;
  duracion_min?: number;
  duracion_max?: number;
  orden: Order;
  direccion: Direction;
  page: number;
}

/** A filter that names something, and how it is looked up. */
interface NameFilter {
  param: string;
  kind: SuggestionKind;
  input: string;
  key: string;
  /** The candidate-set row: set_key, size, slot (its index among the name filters). */
  cand: (slot: number) => string;
  /** The lookup guarding its suggestions (?1 = key). */
  guard: string;
}

/** Collects bound parameters: each call returns its placeholder. */
class Params {
  readonly values: (string | number)[] = [];
  add(v: string | number): string {
    this.values.push(v);
    return `?${this.values.length}`;
  }
}

const MOVIE_COLUMNS =
  "m.id, m.title, m.title_key, m.release_year, m.release_date, m.popularity, m.vote_average, m.vote_count, m.revenue, m.return_ratio, m.runtime, m.links";
interface MovieRow {
  id: number;
  title: string;
  title_key: string;
  release_year: number;
  release_date: string;
  popularity: number;
  vote_average: number;
  vote_count: number;
  revenue: number;
  return_ratio: number;
  runtime: number | null;
  links: string;
}
interface MetaRow {
  found: string | null;
  source: string | null;
  size: number | null;
  ranked: number | null;
  years: string | null;
}

/** The set a non-ranked source names, as the link table's key (?kind is the set's prefix). */
const pickRef = (kind: string, integer: boolean) => {
  const ref = `(SELECT substr(set_key, 3) FROM pick WHERE NOT ranked AND set_key GLOB '${kind}:*')`;
  return integer ? `CAST(${ref} AS INTEGER)` : ref;
};
const pickIs = (kind: string) => `(SELECT set_key FROM pick) GLOB '${kind}:*'`;

/** Each name filter's lookup of its set, and the suggestion guard. */
function nameFilters(q: DiscoverQuery, p: Params): NameFilter[] {
  const out: NameFilter[] = [];
  for (const input of q.generos) {
    const key = normalizeName(input);
    const byId = isId(input);
    const where = byId ? `id = ${p.add(Number(input.trim()))}` : `name_key = ${p.add(key)}`;
    out.push({
      param: "genero",
      kind: "genre",
      input,
      key,
      cand: (slot) => `SELECT * FROM (SELECT 'g:' || id, movie_count, movie_count, ${slot} FROM genres WHERE ${where} ORDER BY movie_count DESC, id LIMIT 1)`,
      guard: byId ? `SELECT 1 FROM genres WHERE id = CAST(?1 AS INTEGER)` : `SELECT 1 FROM genres WHERE name_key = ?1`,
    });
  }
  const named = (param: keyof DiscoverQuery, kind: SuggestionKind, cand: (key: string, slot: number) => string, guard: string, keyOf = normalizeName) => {
    const input = q[param] as string | undefined;
    if (input === undefined) return;
    const key = keyOf(input);
    const k = p.add(key);
    out.push({ param, kind, input, key, cand: (slot) => cand(k, slot), guard });
  };
  named(
    "idioma",
    "language",
    (k, s) => `SELECT 'l:' || l.code, l.first_count, l.first_count, ${s} FROM language_aliases a JOIN languages l ON l.code = a.code WHERE a.alias_key = ${k}`,
    "SELECT 1 FROM language_aliases WHERE alias_key = ?1",
  );
  named(
    "pais",
    "country",
    (k, s) => `SELECT 'c:' || c.code, c.movie_count, c.movie_count, ${s} FROM country_aliases a JOIN countries c ON c.code = a.code WHERE a.alias_key = ${k}`,
    "SELECT 1 FROM country_aliases WHERE alias_key = ?1",
  );
  named(
    "productora",
    "company",
    (k, s) => `SELECT * FROM (SELECT 'p:' || name_key, movie_count, movie_count, ${s} FROM companies WHERE name_key = ${k} LIMIT 1)`,
    "SELECT 1 FROM companies WHERE name_key = ?1",
  );
  named(
    "director",
    "director",
    (k, s) => `SELECT 'd:' || id, movie_count, movie_count, ${s} FROM directors WHERE name_key = ${k}`,
    "SELECT 1 FROM directors WHERE name_key = ?1",
  );
  named(
    "franquicia",
    "franchise",
    (k, s) => `SELECT * FROM (SELECT 'k:' || id, movie_count, movie_count, ${s} FROM collections WHERE name_key = ${k} ORDER BY movie_count DESC, id LIMIT 1)`,
    "SELECT 1 FROM collections WHERE name_key = ?1",
    franchiseKey,
  );
  return out;
}

export interface YearSpan {
  first: number;
  last: number;
}

/**
 * The decades of the catalogue a year range spans (an open end stops at the catalogue's first or
 * last year), or null: no range, or more than MAX_DECADES decades (then a filter, not a source).
 */
function decadesOf(q: DiscoverQuery, span: YearSpan): number[] | null {
  if (q.anio_desde === undefined && q.anio_hasta === undefined) return null;
  const out: number[] = [];
  for (let d = decadeOf(Math.max(q.anio_desde ?? MIN_YEAR, span.first)); d <= decadeOf(Math.min(q.anio_hasta ?? MAX_YEAR, span.last)); d += 10) out.push(d);
  return out.length > MAX_DECADES ? null : out;
}

/**
 * A UNION ALL of any number of SELECTs: D1 allows at most five terms per compound SELECT, so
 * longer lists become a tree of compounds in subqueries.
 */
export function unionAll(terms: string[]): string {
  if (terms.length <= MAX_COMPOUND) return terms.join("\nUNION ALL ");
  const groups: string[] = [];
  for (let i = 0; i < terms.length; i += MAX_COMPOUND) groups.push(`SELECT * FROM (${unionAll(terms.slice(i, i + MAX_COMPOUND))})`);
  return unionAll(groups);
}

/** What every movie walked must satisfy, on its movies row `m`. */
function conditions(q: DiscoverQuery, names: NameFilter[], p: Params): string[] {
  const c: string[] = [];
  const genres = names.filter((n) => n.param === "genero");
  if (genres.length) {
    const ids = genres.filter((g) => isId(g.input)).map((g) => p.add(Number(g.input.trim())));
    const keys = genres.filter((g) => !isId(g.input)).map((g) => p.add(g.key));
    const where = [ids.length ? `id IN (${ids.join(", ")})` : "", keys.length ? `name_key IN (${keys.join(", ")})` : ""].filter(Boolean).join(" OR ");
    const mask = `(SELECT sum(1 << bit) FROM genres WHERE ${where})`;
    c.push(`(m.genre_mask & ${mask}) = ${mask}`);
  }
  const key = (param: string) => names.find((n) => n.param === param)?.key;
  const lang = key("idioma");
  if (lang !== undefined) c.push(`m.language = (SELECT code FROM language_aliases WHERE alias_key = ${p.add(lang)})`);
  const country = key("pais");
  if (country !== undefined) {
    c.push(
      `(${pickIs("c")} OR EXISTS (SELECT 1 FROM movie_countries x WHERE x.country_code = (SELECT code FROM country_aliases WHERE alias_key = ${p.add(country)}) AND x.movie_id = m.id))`,
    );
  }
  const company = key("productora");
  if (company !== undefined) {
    c.push(
      `(${pickIs("p")} OR EXISTS (SELECT 1 FROM movie_companies x WHERE x.company_id IN (SELECT id FROM companies WHERE name_key = ${p.add(company)}) AND x.movie_id = m.id))`,
    );
  }
  const director = key("director");
  if (director !== undefined) {
    c.push(
      `(${pickIs("d")} OR EXISTS (SELECT 1 FROM movie_directors x WHERE x.director_id = (SELECT id FROM directors WHERE name_key = ${p.add(director)}) AND x.movie_id = m.id))`,
    );
  }
  const franchise = key("franquicia");
  if (franchise !== undefined)
    c.push(`m.collection_id = (SELECT id FROM collections WHERE name_key = ${p.add(franchise)} ORDER BY movie_count DESC, id LIMIT 1)`);
  if (q.anio_desde !== undefined) c.push(`m.release_year >= ${p.add(q.anio_desde)}`);
  if (q.anio_hasta !== undefined) c.push(`m.release_year <= ${p.add(q.anio_hasta)}`);
  if (q.votos_min !== undefined) c.push(`m.vote_count >= ${p.add(q.votos_min)}`);
  if (q.duracion_min !== undefined) c.push(`m.runtime >= ${p.add(q.duracion_min)}`);
  if (q.duracion_max !== undefined) c.push(`m.runtime <= ${p.add(q.duracion_max)}`);
  return c;
}

/** Link-table walks, by the kind of set they read (only for the name filters present). */
const LINK_FROM: Record<string, string> = {
  g: `movie_genres l JOIN movies m ON m.id = l.movie_id WHERE l.genre_id = ${pickRef("g", true)}`,
  l: `movie_languages l JOIN movies m ON m.id = l.movie_id WHERE l.language_code = ${pickRef("l", false)} AND l.ord = 0`,
  c: `movie_countries l JOIN movies m ON m.id = l.movie_id WHERE l.country_code = ${pickRef("c", false)}`,
  p: `movie_companies l JOIN movies m ON m.id = l.movie_id WHERE l.company_id IN (SELECT id FROM companies WHERE name_key = ${pickRef("p", false)})`,
  d: `movie_directors l JOIN movies m ON m.id = l.movie_id WHERE l.director_id = ${pickRef("d", true)}`,
  k: `movies m WHERE m.collection_id = ${pickRef("k", true)}`,
};
const SET_OF_PARAM: Record<string, string> = { genero: "g", idioma: "l", pais: "c", productora: "p", director: "d", franquicia: "k" };

/** A ranked list walked in order: the ids of list `listSql` from part `start`, at most `limit` of them, as rows `w(id)`. */
const listWalk = (listSql: string, start: number, limit: number | string) =>
  `SELECT j.value AS id FROM discover_lists r, json_each(r.ids) j WHERE r.list = ${listSql} AND r.part >= ${start} ORDER BY r.part LIMIT ${limit}`;

export type CountMode = "size" | "years" | "walk";

export interface DiscoverPlan {
  /** What the names resolved to, the source picked, and the movies per year of the one set filtered by. */
  meta: { sql: string; params: (string | number)[] };
  /** The page's movies (every match, when the source is small). */
  page: { sql: string; params: (string | number)[] };
  names: NameFilter[];
  /** How the total is found: the source's size, its movies per year, or the matches walked. */
  mode: CountMode;
  /** One set and nothing else to check: a ranked source's page is a slice of its list. */
  jump: boolean;
}

/** The two statements of a request (exported for the query-plan tests). */
export function discoverPlan(q: DiscoverQuery, span: YearSpan = { first: MIN_YEAR, last: MAX_YEAR }): DiscoverPlan {
  const decades = decadesOf(q, span);
  const hasYears = q.anio_desde !== undefined || q.anio_hasta !== undefined;
  const numeric = q.votos_min !== undefined || q.duracion_min !== undefined || q.duracion_max !== undefined;
  const nameCount = q.generos.length + (["idioma", "pais", "productora", "franquicia", "director"] as const).filter((k) => q[k] !== undefined).length;
  const wholeDecade = decades?.length === 1 && q.anio_desde === decades[0] && q.anio_hasta === decades[0]! + 9;
  // One set and nothing else to check: the page is a slice of its list (parts skipped) and the total its size.
  const jump = !numeric && ((nameCount === 1 && !hasYears) || (nameCount === 0 && (!hasYears || wholeDecade)));
  const mode: CountMode = jump ? "size" : nameCount <= 1 && !numeric ? "years" : "walk";

  const build = (statement: "meta" | "page") => {
    const p = new Params();
    const names = nameFilters(q, p);
    const conds = conditions(q, names, p);
    const where = conds.length ? conds.join(" AND ") : "1";
    const suffix = p.add(`|${q.orden}.${q.direccion}`);
    const all = p.add(ALL_MOVIES);
    // A year range is a source too: its decades' lists, walked one by one and merged. Its weight
    // (what the smallest source is picked by) counts one walk per decade.
    const yearCand = decades?.length
      ? [
          `SELECT 'y:', coalesce(sum(size), 0), coalesce(sum(size), 0) * ${decades.length}, -1 FROM discover_sets WHERE set_key IN (${decades.map((d) => `'y:${d}'`).join(", ")})`,
        ]
      : [];
    const cand = [...names.map((n, slot) => n.cand(slot)), ...yearCand, `SELECT set_key, size, size, -1 FROM discover_sets WHERE set_key = ${all}`];
    const ctes = `WITH cand(set_key, size, weight, slot) AS MATERIALIZED (\n    ${unionAll(cand)}\n  ),
  pick AS MATERIALIZED (SELECT cand.set_key, cand.size, s.set_key IS NOT NULL AS ranked FROM cand LEFT JOIN discover_sets s ON s.set_key = cand.set_key
    WHERE (SELECT count(*) FROM cand WHERE slot >= 0) = ${names.length} ORDER BY cand.weight, cand.set_key = ${all}, cand.set_key LIMIT 1)`;
    const rankedList = `(SELECT set_key FROM pick WHERE ranked) || ${suffix}`;
    const decadeList = (d: number) => `CASE WHEN (SELECT set_key FROM pick) = 'y:' THEN 'y:${d}' || ${suffix} END`;
    const linkKinds = [...new Set(names.map((n) => SET_OF_PARAM[n.param]!))];
    const distinct = (k: string) => (k === "p" ? "DISTINCT " : "");
    // Movies of a list walk that pass the filters (`where`), as rows of `m`.
    // The one set filtered by's movies per year (or the catalogue's): a total with a year range.
    const years =
      mode === "years"
        ? names.length
          ? `(SELECT s.years FROM cand JOIN discover_sets s ON s.set_key = cand.set_key WHERE cand.slot = 0)`
          : `(SELECT years FROM discover_sets WHERE set_key = ${all})`
        : "NULL";
    const walked = (list: string, limit: number | string) => `(${listWalk(list, 0, limit)}) w JOIN movies m ON m.id = w.id WHERE ${where}`;
    // Nothing to filter: skip to the page's part and slice the ids before looking movies up.
    const sliced = (list: string, offset: number) =>
      `(${listWalk(list, Math.floor(offset / LIST_PART), `${PAGE_SIZE} OFFSET ${offset % LIST_PART}`)}) w JOIN movies m ON m.id = w.id`;

    if (statement === "page") {
      const sortBy = `ORDER BY m.${ORDER_COLUMN[q.orden]} ${q.direccion.toUpperCase()}, m.id`;
      const offset = (q.page - 1) * PAGE_SIZE;
      // A source of at most COUNT_WINDOW movies whose total is not known otherwise is walked
      // whole and every match returned: the Worker counts them and cuts the page. Else the page
      // and one more movie (whether a next page exists, when the total is a lower bound).
      const small = `(SELECT size FROM pick) <= ${COUNT_WINDOW}${mode === "years" ? ` AND ${years} IS NULL` : ""}`;
      const limit = (n: number) => `LIMIT (CASE WHEN ${small} THEN -1 ELSE ${n} END)`;
      const slice = `${limit(offset + PAGE_SIZE + 1)} OFFSET (CASE WHEN ${small} THEN 0 ELSE ${offset} END)`.replace(
        `ELSE ${offset + PAGE_SIZE + 1} END)`,
        `ELSE ${PAGE_SIZE + 1} END)`,
      );
      // One branch yields the rows; the others stop at their first seek.
      const branches = [
        `SELECT ${MOVIE_COLUMNS} FROM ${jump ? sliced(rankedList, offset) : `${walked(rankedList, WALK_MAX)} ${slice}`}`,
        ...linkKinds.map((k) => `SELECT ${distinct(k)}${MOVIE_COLUMNS} FROM ${LINK_FROM[k]} AND ${where} ${sortBy} ${slice}`),
      ];
      if (decades?.length === 1) {
        branches.push(
          `SELECT ${MOVIE_COLUMNS} FROM ${jump ? sliced(decadeList(decades[0]!), offset) : `${walked(decadeList(decades[0]!), WALK_MAX)} ${slice}`}`,
        );
      } else if (decades?.length) {
        const walks = decades.map((d) => `SELECT * FROM (SELECT ${MOVIE_COLUMNS} FROM ${walked(decadeList(d), WALK_MAX)} ${limit(offset + PAGE_SIZE + 1)})`);
        branches.push(`SELECT * FROM (${unionAll(walks)}) m ${sortBy} ${slice}`);
      }
      return { sql: `${ctes}\n${unionAll(branches.map((b) => `SELECT * FROM (${b})`))}`, params: p.values, names };
    }

    const sql = `${ctes}
SELECT (SELECT group_concat(slot) FROM cand WHERE slot >= 0) AS found, (SELECT set_key FROM pick) AS source, (SELECT size FROM pick) AS size,
  (SELECT ranked FROM pick) AS ranked, ${years} AS years`;
    return { sql, params: p.values, names };
  };
  const meta = build("meta");
  const page = build("page");
  return { meta: { sql: meta.sql, params: meta.params }, page: { sql: page.sql, params: page.params }, names: meta.names, mode, jump };
}

const SORT_VALUE: Record<Order, (r: MovieRow) => number | string> = {
  popularidad: (r) => r.popularity,
  votos_promedio: (r) => r.vote_average,
  votos_cantidad: (r) => r.vote_count,
  fecha: (r) => r.release_date,
  ganancia: (r) => r.revenue,
  retorno: (r) => r.return_ratio,
  titulo: (r) => r.title_key,
};

function toItem(r: MovieRow): DiscoverItem {
  const links = JSON.parse(r.links) as MovieLinks;
  return {
    id: r.id,
    titulo: r.title,
    anio: r.release_year,
    fecha: r.release_date,
    generos: links.genres.map(([, name]) => name),
    popularidad: r.popularity,
    votos_promedio: r.vote_average,
    votos_cantidad: r.vote_count,
    ganancia: r.revenue,
    retorno: r.return_ratio,
    duracion: r.runtime,
  };
}

export async function discover(db: D1Database, q: DiscoverQuery, span?: YearSpan): Promise<DiscoverPage> {
  const plan = discoverPlan(q, span);
  const suggestions = plan.names.map((n) => suggestionStatement(db, n.kind, n.key, n.guard));
  const [metaRes, pageRes, ...similar] = await db.batch<unknown>([
    db.prepare(plan.meta.sql).bind(...plan.meta.params),
    db.prepare(plan.page.sql).bind(...plan.page.params),
    ...suggestions.filter((s): s is D1PreparedStatement => s !== null),
  ]);
  const meta = (metaRes!.results[0] ?? {}) as MetaRow;
  const found = new Set((meta.found ?? "").split(",").filter(Boolean).map(Number));
  const missing = plan.names.findIndex((_, slot) => !found.has(slot));
  if (missing >= 0) {
    const n = plan.names[missing]!;
    const at = suggestions.slice(0, missing).filter(Boolean).length;
    const candidates = suggestions[missing] ? ((similar[at]?.results ?? []) as SuggestionCandidate[]) : [];
    throw notFound(LABEL[n.kind], n.input, rankSuggestions(n.key, candidates), { parametro: n.param, valor: n.input });
  }
  if (meta.source === null || meta.size === null) throw new Error("discover: no source picked although every name was found");

  const offset = (q.page - 1) * PAGE_SIZE;
  // Every match of a small source (the page statement's rule; a list sliced for a jump is a page).
  const sliced = plan.jump && (meta.ranked === 1 || meta.source === "y:");
  const whole = !sliced && meta.size <= COUNT_WINDOW && meta.years === null;
  const sign = q.direccion === "desc" ? -1 : 1;
  const value = SORT_VALUE[q.orden];
  // The SQL's order (the lists', or ORDER BY's), restored: only one branch answered, in its own order.
  const fetched = (pageRes!.results as MovieRow[]).sort((a, b) => sign * compareColumn(value(a), value(b)) || a.id - b.id);
  const rows = whole ? fetched.slice(offset, offset + PAGE_SIZE + 1) : fetched;
  const more = rows.length > PAGE_SIZE;
  let total: number;
  let exact = true;
  if (plan.mode === "size") total = meta.size;
  else if (meta.years !== null) total = yearsTotal(meta.years, q.anio_desde, q.anio_hasta);
  else if (whole) total = fetched.length;
  else {
    // The page's walk went through the whole source without finding one more movie: that is all.
    exact = !more && meta.size <= WALK_MAX && (rows.length > 0 || q.page === 1);
    // Else all that is known is that the pages so far exist, and whether one more does.
    total = offset + Math.min(rows.length, PAGE_SIZE) + (more ? 1 : 0);
  }
  const listed = Math.min(total, MAX_RESULTS);
  return {
    page: q.page,
    total_results: listed,
    total_results_capped: !exact || total > MAX_RESULTS,
    total_pages: Math.ceil(listed / PAGE_SIZE),
    results: rows.slice(0, PAGE_SIZE).map(toItem),
  };
}

/** 400 for filter values that contradict each other. */
export function checkRanges(q: DiscoverQuery) {
  if (q.anio_desde !== undefined && q.anio_hasta !== undefined && q.anio_desde > q.anio_hasta) {
    throw rangeError({ path: "anio_desde", message: "must not be after anio_hasta" });
  }
  if (q.duracion_min !== undefined && q.duracion_max !== undefined && q.duracion_min > q.duracion_max) {
    throw rangeError({ path: "duracion_min", message: "must not be over duracion_max" });
  }
}

const rangeError = (issue: Issue) => new ApiError(400, "invalid_request", describeIssues([issue], "query"), { issues: [issue] });
