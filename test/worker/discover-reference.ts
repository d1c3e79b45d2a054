// An independent answer to a /descubrir request: one plain SQL query over the catalogue tables
// (filters as EXISTS over the link tables, ORDER BY the column then id), with no list, no set
// picking and no bound — slow and full of table scans, which is fine for a test. The route must
// list exactly the same movies, and its total must equal this count, or be a lower bound of it
// when it says it is capped. Runs on whatever catalogue the test project loaded.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { DescubrirResponse } from "../../src/routes/descubrir/descubrir.schemas.ts";
import { type Direction, defaultDirection, ORDER_COLUMN, type Order, PAGE_SIZE } from "../../src/shared/discover.ts";
import { franchiseKey, normalizeName } from "../../src/shared/normalize.ts";
import { bodyOf } from "./http.ts";
import { uncached } from "./instrumented.ts";

export interface Filters {
  genero?: string[];
  anio_desde?: number;
  anio_hasta?: number;
  idioma?: string;
  pais?: string;
  productora?: string;
  franquicia?: string;
  director?: string;
  votos_min?: number;
  duracion_min?: number;
  duracion_max?: number;
  orden?: Order;
  direccion?: Direction;
  page?: number;
}

export function discoverUrl(f: Filters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  return `/descubrir?${q}`;
}

/** Every matching id, in the route's order. */
export async function referenceIds(f: Filters): Promise<number[]> {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const bind = (v: string | number) => {
    params.push(v);
    return `?${params.length}`;
  };
  for (const g of (f.genero ?? []).flatMap((s) => s.split(","))) {
    const byId = /^\d+$/.test(g.trim());
    where.push(
      `EXISTS (SELECT 1 FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = m.id AND ${
        byId ? `g.id = ${bind(Number(g))}` : `g.name_key = ${bind(normalizeName(g))}`
      })`,
    );
  }
  if (f.idioma)
    where.push(
      `EXISTS (SELECT 1 FROM movie_languages ml JOIN language_aliases a ON a.code = ml.language_code WHERE ml.movie_id = m.id AND ml.ord = 0 AND a.alias_key = ${bind(normalizeName(f.idioma))})`,
    );
  if (f.pais)
    where.push(
      `EXISTS (SELECT 1 FROM movie_countries mc JOIN country_aliases a ON a.code = mc.country_code WHERE mc.movie_id = m.id AND a.alias_key = ${bind(normalizeName(f.pais))})`,
    );
  if (f.productora)
    where.push(
      `EXISTS (SELECT 1 FROM movie_companies mp JOIN companies c ON c.id = mp.company_id WHERE mp.movie_id = m.id AND c.name_key = ${bind(normalizeName(f.productora))})`,
    );
  if (f.director)
    where.push(
      `EXISTS (SELECT 1 FROM movie_directors md JOIN directors d ON d.id = md.director_id WHERE md.movie_id = m.id AND d.name_key = ${bind(normalizeName(f.director))})`,
    );
  if (f.franquicia)
    where.push(`m.collection_id = (SELECT id FROM collections WHERE name_key = ${bind(franchiseKey(f.franquicia))} ORDER BY movie_count DESC, id LIMIT 1)`);
  if (f.anio_desde !== undefined) where.push(`m.release_year >= ${bind(f.anio_desde)}`);
  if (f.anio_hasta !== undefined) where.push(`m.release_year <= ${bind(f.anio_hasta)}`);
  if (f.votos_min !== undefined) where.push(`m.vote_count >= ${bind(f.votos_min)}`);
  if (f.duracion_min !== undefined) where.push(`m.runtime >= ${bind(f.duracion_min)}`);
  if (f.duracion_max !== undefined) where.push(`m.runtime <= ${bind(f.duracion_max)}`);
  const order = f.orden ?? "popularidad";
  const dir = (f.direccion ?? defaultDirection(order)).toUpperCase();
  const sql = `SELECT m.id FROM movies m ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY m.${ORDER_COLUMN[order]} ${dir}, m.id`;
  const { results } = await env.DB.prepare(sql)
    .bind(...params)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/** Asks the route (uncached) and checks its page and total against the reference. Returns the answer and its rows read. */
export async function expectReference(f: Filters) {
  const url = discoverUrl(f);
  const res = await uncached(url);
  expect(res.status, `${url}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
  expect(res.calls.d1, url).toBe(1);
  const body = bodyOf(DescubrirResponse, res);
  const all = await referenceIds(f);
  const page = f.page ?? 1;
  const ids = body.results.map((r) => r.id);
  expect(ids, url).toEqual(all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE));
  const { total_results: total, total_results_capped: capped, total_pages: pages } = body;
  if (capped) {
    expect(total, `${url}: a capped total is a lower bound`).toBeLessThanOrEqual(all.length);
    // Every page up to the bound exists, and one more when the bound is below the real count.
    expect(total, url).toBeGreaterThanOrEqual(Math.min(all.length, (page - 1) * PAGE_SIZE + ids.length));
  } else {
    expect(total, url).toBe(all.length);
  }
  expect(pages, url).toBe(Math.ceil(total / PAGE_SIZE));
  return { body, rowsRead: res.calls.rowsRead, all };
}
