// GET /descubrir on the sample (data/sample): every answer equals an independent plain-SQL answer
// (discover-reference.ts) over many filter combinations, orders and pages; input errors; unknown
// names with suggestions. test/worker-real/discover.test.ts runs the same on the real data, where
// genres, languages, countries and companies are big enough to have ranked lists.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { DIRECTIONS, ORDERS } from "../../src/shared/discover.ts";
import { discoverUrl, expectReference, type Filters } from "./discover-reference.ts";
import { errorOf, expectError, get } from "./http.ts";
import { uncached, warmIsolate } from "./instrumented.ts";

beforeAll(warmIsolate);

describe("GET /descubrir", () => {
  it("with no filter, lists the catalogue by popularity and counts it", async () => {
    const { body } = await expectReference({});
    const n = (await env.DB.prepare("SELECT count(*) AS n FROM movies").first<{ n: number }>())!.n;
    expect(body).toMatchObject({ page: 1, total_results: n, total_results_capped: false });
    expect(body.results[0]).toEqual({
      id: expect.any(Number),
      titulo: expect.any(String),
      anio: expect.any(Number),
      fecha: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      generos: expect.any(Array),
      popularidad: expect.any(Number),
      votos_promedio: expect.any(Number),
      votos_cantidad: expect.any(Number),
      ganancia: expect.any(Number),
      retorno: expect.any(Number),
      duracion: expect.toBeOneOf([null, expect.any(Number)]),
    });
  });

  it("sorts by every order, both directions, ties to the lower id", async () => {
    for (const orden of ORDERS) for (const direccion of DIRECTIONS) await expectReference({ orden, direccion });
    for (const orden of ORDERS) await expectReference({ orden, genero: ["drama"], page: 2 });
  });

  it("answers single filters by name, code or id, as the lookup routes accept them", async () => {
    const cases: Filters[] = [
      { genero: ["Animation"] },
      { genero: ["animation", "FAMILY"] },
      { genero: ["16"] },
      { genero: ["Drama,Crime"] },
      { idioma: "español" },
      { idioma: "ja" },
      { pais: "Estados Unidos" },
      { pais: "fr" },
      { productora: "pixar animation studios" },
      { productora: "warner bros" },
      { director: "john lasseter" },
      { franquicia: "toy story" },
      { franquicia: "Toy Story Collection" },
      { franquicia: "colección toy story" },
    ];
    for (const f of cases) {
      const { all } = await expectReference(f);
      expect(all.length, discoverUrl(f)).toBeGreaterThan(0);
    }
  });

  it("combines filters: years, votes, runtime, several sets", async () => {
    const cases = (
      [
        { genero: ["Animation"], anio_desde: 1990, anio_hasta: 1999, orden: "votos_promedio", votos_min: 100 },
        { anio_desde: 1990, anio_hasta: 1999 },
        { anio_desde: 1990, anio_hasta: 1999, page: 2 },
        { anio_desde: 1995, anio_hasta: 1996 },
        { anio_desde: 1950, anio_hasta: 1979, orden: "fecha", direccion: "asc" },
        { anio_desde: 2000 },
        { anio_hasta: 1960, orden: "titulo" },
        { votos_min: 1000, orden: "votos_promedio" },
        { duracion_min: 150 },
        { duracion_max: 90, orden: "duracion" as never },
        { genero: ["drama"], idioma: "en", pais: "us", anio_desde: 1970 },
        { productora: "pixar animation studios", genero: ["comedy"] },
        { director: "francis ford coppola", orden: "fecha" },
        { pais: "fr", genero: ["drama"], orden: "ganancia" },
        { genero: ["drama"], votos_min: 500, duracion_min: 100, duracion_max: 180, orden: "retorno", direccion: "asc" },
        { idioma: "en", anio_desde: 1980, anio_hasta: 2009, votos_min: 50, page: 2 },
      ] as Filters[]
    ).filter((f) => f.orden !== ("duracion" as never));
    for (const f of cases) await expectReference(f);
  });

  it("answers an empty page past the last one, and no movie for filters nothing satisfies", async () => {
    const { body } = await expectReference({ genero: ["animation"], page: 40 });
    expect(body.results).toEqual([]);
    const none = await expectReference({ genero: ["animation"], anio_hasta: 1900 });
    expect(none.body).toMatchObject({ total_results: 0, total_pages: 0, results: [] });
  });

  it("404s an unknown name with suggestions and the parameter that holds it", async () => {
    const genre = await expectError("/descubrir?genero=Animaton", 404, "not_found");
    expect(genre).toMatchObject({ parametro: "genero", sugerencias: expect.arrayContaining(["Animation"]) });
    const company = await expectError("/descubrir?genero=drama&productora=pixar%20animaton%20studios", 404, "not_found");
    expect(company).toMatchObject({ parametro: "productora", sugerencias: expect.arrayContaining(["Pixar Animation Studios"]) });
    const lang = await expectError("/descubrir?idioma=klingon", 404, "not_found");
    expect(lang.parametro).toBe("idioma");
  });

  it.each(
    Object.entries({
      "a page out of range or not a number": ["page=0", "page=501", "page=x"],
      "an unknown order or direction": ["orden=rating", "direccion=up"],
      "a year out of range, or years the wrong way round": ["anio_desde=1800", "anio_desde=2000&anio_hasta=1990"],
      "runtimes the wrong way round, negative votes": ["duracion_min=120&duracion_max=90", "votos_min=-1"],
      "an empty genre, too many genres": ["genero=", "genero=a,b,c,d,e,f"],
      "a name too long, a control character": [`director=${"x".repeat(201)}`, "pais=%01"],
    }),
  )("400s %s", async (_, queries) => {
    for (const q of queries) await expectError(`/descubrir?${q}`, 400, "invalid_request");
  });

  it("makes one D1 call (a batch) for an answer or a 404 with suggestions, none for a 400", async () => {
    // expectReference checks the one call of every 200 above.
    const miss = await uncached("/descubrir?genero=drama&idioma=klingon&director=jhon%20lasseter");
    expect(miss.status).toBe(404);
    expect(errorOf(miss).parametro).toBe("idioma");
    expect(miss.calls.d1).toBe(1);
    const bad = await uncached("/descubrir?page=0");
    expect(bad.status).toBe(400);
    expect(bad.calls.d1).toBe(0);
  });

  it("is cached like the other data routes: the same answer from isolate memory", async () => {
    const url = "/descubrir?genero=drama&pais=us&orden=fecha";
    const first = await get(url);
    const second = await get(url);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("x-cache")).toMatch(/^HIT/);
  });
});
