// Search, movie detail and suggestions on the real data (../shared/data/raw, 4,995 movies):
// the answers issue 7 must show, and the one-D1-call budget on a query with over 1,000 results.
import { beforeAll, describe, expect, it } from "vitest";
import { BENCH_NO_CACHE_HEADER } from "../../src/lib/bench.ts";
import { expectError, get } from "../worker/http.ts";
import { instrumentedFetch } from "../worker/instrumented.ts";

const uncached = (path: string) => instrumentedFetch(path, { headers: { [BENCH_NO_CACHE_HEADER]: "1" } }, { BENCH: "1" });

beforeAll(async () => {
  await instrumentedFetch("/health"); // the dataset version into isolate memory, as in production
});

describe("GET /buscar on the real data", () => {
  it('"star wars" lists Star Wars first, with totals and paging', async () => {
    const res = await get("/buscar?q=star%20wars");
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ tipo: "pelicula", id: 11, titulo: "Star Wars", anio: 1977 });
    expect(res.body.results.map((r: { titulo?: string; nombre?: string }) => r.titulo ?? r.nombre)).toContain("Star Wars Collection");
    expect(res.body.total_results).toBe(res.body.results.length); // fewer than 20: one page
    expect(res.body.total_pages).toBe(1);
    const next = await get("/buscar?q=star%20wars&page=2");
    expect(next.body).toMatchObject({ page: 2, total_results: res.body.total_results, total_pages: 1, results: [] });
  });
  it('"lasseter" among directors finds John Lasseter', async () => {
    const res = await get("/buscar?q=lasseter&tipo=director");
    expect(res.body.results[0]).toEqual({ tipo: "director", id: 7879, nombre: "John Lasseter", cantidad_peliculas: 3 });
  });
  it("a query with over 1,000 results is one D1 call, and its last page is the remainder", async () => {
    const first = await uncached("/buscar?q=the");
    expect(first.status).toBe(200);
    expect(first.calls.d1).toBe(1);
    const { total_results: total, total_pages: pages } = first.body;
    expect(total).toBeGreaterThan(1000);
    expect(pages).toBe(Math.ceil(total / 20));
    const last = await uncached(`/buscar?q=the&page=${pages}`);
    expect(last.calls.d1).toBe(1);
    expect(last.body.results).toHaveLength(total - 20 * (pages - 1));
  });
});

describe("GET /peliculas/{id} on the real data", () => {
  it("862 is Toy Story, directed by John Lasseter, with five recommendations", async () => {
    const res = await get("/peliculas/862");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 862, titulo: "Toy Story", anio: 1995, duracion: 81, directores: [{ id: 7879, nombre: "John Lasseter" }] });
    expect(res.body.recomendaciones).toHaveLength(5);
    expect(res.body.recomendaciones[0].titulo).toBe("Toy Story 2");
    expect(res.body.recomendaciones).toEqual((await get("/recomendacion/toy%20story")).body.recomendaciones);
  });
});

describe("suggestions on the real data", () => {
  it("/get_director/jhon lasseter is a 404 whose first suggestion is John Lasseter", async () => {
    const err = await expectError("/get_director/jhon%20lasseter", 404, "not_found");
    expect(err.sugerencias[0]).toBe("John Lasseter");
  });
  it("Toy Stroy -> Toy Story, pixar -> Pixar Animation Studios", async () => {
    expect((await expectError("/peliculas_duracion/Toy%20Stroy", 404, "not_found")).sugerencias[0]).toBe("Toy Story");
    expect((await expectError("/productoras_exitosas/pixar", 404, "not_found")).sugerencias[0]).toBe("Pixar Animation Studios");
  });
});
