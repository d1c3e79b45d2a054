// Search, movie detail and suggestions on the real data (../shared/data/raw, 4,995 movies):
// the answers issue 7 must show, and the cap on a query with over 1,000 matches.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SEARCH_SQL } from "../../src/db/search.ts";
import { BuscarResponse } from "../../src/routes/buscar/buscar.schemas.ts";
import { PeliculaResponse } from "../../src/routes/peliculas/peliculas.schemas.ts";
import { RecomendacionResponse } from "../../src/routes/recomendacion/recomendacion.schemas.ts";
import { kindRange, MAX_RESULTS } from "../../src/shared/search.ts";
import { bodyOf, expectError, get, getAs } from "../worker/http.ts";
import { uncached, warmIsolate } from "../worker/instrumented.ts";

beforeAll(warmIsolate);

describe("GET /buscar on the real data", () => {
  it('"star wars" lists Star Wars first, with totals and paging', async () => {
    const res = await getAs(BuscarResponse, "/buscar?q=star%20wars");
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ tipo: "pelicula", id: 11, titulo: "Star Wars", anio: 1977 });
    expect(res.body.results.map((r) => ("titulo" in r ? r.titulo : r.nombre))).toContain("Star Wars Collection");
    expect(res.body.total_results).toBe(res.body.results.length); // fewer than 20: one page
    expect(res.body.total_pages).toBe(1);
    const next = await get("/buscar?q=star%20wars&page=2");
    expect(next.body).toMatchObject({ page: 2, total_results: res.body.total_results, total_pages: 1, results: [] });
  });
  it('"lasseter" among directors finds John Lasseter', async () => {
    const res = await getAs(BuscarResponse, "/buscar?q=lasseter&tipo=director");
    expect(res.body.results[0]).toEqual({ tipo: "director", id: 7879, nombre: "John Lasseter", cantidad_peliculas: 3 });
  });
  it("a query with over 1,000 matches lists the 1,000 most relevant, says so, and reads about that many rows", async () => {
    // New with the rows-read budget: totals used to count every match (1,772 for "the").
    const first = await uncached("/buscar?q=the");
    expect(first.status).toBe(200);
    expect(first.calls.sql).toEqual([SEARCH_SQL]);
    expect(first.body).toMatchObject({ page: 1, total_results: MAX_RESULTS, total_results_capped: true, total_pages: MAX_RESULTS / 20 });
    expect(first.calls.rowsRead).toBeLessThanOrEqual(MAX_RESULTS + 1);
    const last = await uncached(`/buscar?q=the&page=${MAX_RESULTS / 20}`);
    expect(bodyOf(BuscarResponse, last).results).toHaveLength(20);
    expect(last.calls.rowsRead).toBe(first.calls.rowsRead); // a deep page costs what the first does
    // Every page is cut from the same 1,000: no name twice across them.
    const seen = new Set<string>();
    for (let page = 1; page <= MAX_RESULTS / 20; page += 7) {
      for (const r of (await getAs(BuscarResponse, `/buscar?q=the&page=${page}`)).body.results) seen.add(`${r.tipo}:${r.id}`);
    }
    expect(seen.size).toBe(20 * Math.ceil(MAX_RESULTS / 20 / 7));
    await expectError(`/buscar?q=the&page=${MAX_RESULTS / 20 + 1}`, 400, "invalid_request");
  });
  it("the 1,000 listed are the best by bm25: no match left out ranks better than one listed", async () => {
    const listed = new Set<number>();
    for (let page = 1; page <= MAX_RESULTS / 20; page++) {
      for (const r of (await getAs(BuscarResponse, `/buscar?q=the&tipo=pelicula&page=${page}`)).body.results) listed.add(r.id);
    }
    expect(listed.size).toBe(MAX_RESULTS);
    // Oracle: every movie match with its score, uncapped (a test may read them all).
    const [lo, hi] = kindRange("movie");
    const all = (
      await env.DB.prepare(
        "SELECT rowid - CAST(?2 AS INTEGER) AS id, bm25(search_words) AS score FROM search_words WHERE search_words MATCH '\"the\"*' AND rowid BETWEEN CAST(?2 AS INTEGER) AND CAST(?3 AS INTEGER)",
      )
        .bind(lo, lo, hi)
        .all<{ id: number; score: number }>()
    ).results;
    expect(all.length).toBeGreaterThan(MAX_RESULTS);
    const worstListed = Math.max(...all.filter((m) => listed.has(m.id)).map((m) => m.score));
    const bestLeftOut = Math.min(...all.filter((m) => !listed.has(m.id)).map((m) => m.score));
    expect(worstListed).toBeLessThanOrEqual(bestLeftOut); // bm25: lower is better
  });
});

describe("GET /peliculas/{id} on the real data", () => {
  it("862 is Toy Story, directed by John Lasseter, with five recommendations", async () => {
    const res = await getAs(PeliculaResponse, "/peliculas/862");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 862, titulo: "Toy Story", anio: 1995, duracion: 81, directores: [{ id: 7879, nombre: "John Lasseter" }] });
    expect(res.body.recomendaciones).toHaveLength(5);
    expect(res.body.recomendaciones[0]!.titulo).toBe("Toy Story 2");
    expect(res.body.recomendaciones).toEqual((await getAs(RecomendacionResponse, "/recomendacion/toy%20story")).body.recomendaciones);
  });
});

describe("suggestions on the real data", () => {
  it("/get_director/jhon lasseter is a 404 whose first suggestion is John Lasseter", async () => {
    const err = await expectError("/get_director/jhon%20lasseter", 404, "not_found");
    expect(err.sugerencias?.[0]).toBe("John Lasseter");
  });
  it("Toy Stroy -> Toy Story, pixar -> Pixar Animation Studios", async () => {
    expect((await expectError("/peliculas_duracion/Toy%20Stroy", 404, "not_found")).sugerencias?.[0]).toBe("Toy Story");
    expect((await expectError("/productoras_exitosas/pixar", 404, "not_found")).sugerencias?.[0]).toBe("Pixar Animation Studios");
  });
});
