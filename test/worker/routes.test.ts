// Integration tests of the seven routes on the bundled sample (data/sample), seeded by the real
// ETL. Expected figures are hand-checked against data/sample/README.md.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import docsScript from "../../public/docs.js?raw";
import { DirectorResponse } from "../../src/routes/get_director/get_director.schemas.ts";
import { HealthResponse } from "../../src/routes/health/health.schemas.ts";
import { DuracionResponse } from "../../src/routes/peliculas_duracion/peliculas_duracion.schemas.ts";
import { PaisResponse } from "../../src/routes/peliculas_pais/peliculas_pais.schemas.ts";
import { ProductoraResponse } from "../../src/routes/productoras_exitosas/productoras_exitosas.schemas.ts";
import { RecomendacionResponse } from "../../src/routes/recomendacion/recomendacion.schemas.ts";
import { enc, errorOf, expectError, get, getAs } from "./http.ts";
import { DocSchema, LOOKUP_TEMPLATES, type Parameter } from "./openapi-doc.ts";

describe("GET /peliculas_idioma/{idioma}", () => {
  it("accepts the code, the dataset's name, and English or Spanish names alike", async () => {
    const answers = await Promise.all(["es", "Español", "spanish", "español", "ESPANOL", "  Spanish "].map((s) => get(`/peliculas_idioma/${enc(s)}`)));
    for (const a of answers) expect(a.body).toEqual({ idioma: "Español", codigo: "es", cantidad: 7 });
  });
  it("counts only the first spoken language", async () => {
    const ja = await get("/peliculas_idioma/ja");
    expect(ja.body).toMatchObject({ codigo: "ja", cantidad: 5 });
    expect((await get(`/peliculas_idioma/${enc("日本語")}`)).body).toEqual(ja.body);
    expect((await get("/peliculas_idioma/japanese")).body).toEqual(ja.body);
  });
  it("404s an unknown language", async () => {
    await expectError("/peliculas_idioma/klingon", 404, "not_found");
  });
});

describe("GET /peliculas_duracion/{pelicula}", () => {
  it("answers runtime and year, ignoring case and accents", async () => {
    const res = await get("/peliculas_duracion/toy%20story");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 862, pelicula: "Toy Story", duracion: 81, anio: 1995, otras_coincidencias: [] });
    expect((await get("/peliculas_duracion/AMELIE")).body).toMatchObject({ id: 194, pelicula: "Amélie", anio: 2001 });
  });
  it("picks the most voted of a shared title and lists the others", async () => {
    const res = await getAs(DuracionResponse, "/peliculas_duracion/sabrina");
    expect(res.body).toMatchObject({ id: 6620, anio: 1954, duracion: 113 });
    expect(res.body.otras_coincidencias).toEqual([{ id: 11860, titulo: "Sabrina", anio: 1995, duracion: 127 }]);
  });
  it("?anio= picks by year", async () => {
    const res = await getAs(DuracionResponse, "/peliculas_duracion/sabrina?anio=1995");
    expect(res.body).toMatchObject({ id: 11860, anio: 1995 });
    expect(res.body.otras_coincidencias.map((m) => m.id)).toEqual([6620]);
    const err = await expectError("/peliculas_duracion/sabrina?anio=2000", 404, "not_found");
    expect(err.anios_disponibles).toEqual([1954, 1995]);
    await expectError("/peliculas_duracion/sabrina?anio=abc", 400, "invalid_request");
    await expectError("/peliculas_duracion/sabrina?anio=1995.5", 400, "invalid_request");
  });
  it("keeps the first row of a repeated id", async () => {
    // The sample repeats id 862 at its end with runtime 80: the first row (81) wins.
    expect((await getAs(DuracionResponse, "/peliculas_duracion/Toy%20Story")).body.duracion).toBe(81);
  });
  it("does not serve rows the ETL rejected", async () => {
    await expectError("/peliculas_duracion/fargo", 404, "not_found"); // empty release_date
    await expectError("/peliculas_duracion/drive", 404, "not_found"); // 2011-13-45
  });
});

describe("GET /franquicia/{franquicia}", () => {
  it("sums the collection's revenue", async () => {
    const res = await get("/franquicia/toy%20story%20collection");
    const total = 373554033 + 497366869 + 1066969703;
    expect(res.body).toEqual({ franquicia: "Toy Story Collection", cantidad: 3, ganancia_total: total, ganancia_promedio: total / 3 });
  });
  it("counts movies without revenue as zero", async () => {
    const res = await get("/franquicia/Three%20Colors%20Collection");
    expect(res.body).toEqual({ franquicia: "Three Colors Collection", cantidad: 3, ganancia_total: 0, ganancia_promedio: 0 });
  });
});

describe("GET /peliculas_pais/{pais}", () => {
  it("accepts code, dataset name, English and Spanish names", async () => {
    const names = ["US", "us", "United States of America", "United States", "Estados Unidos"];
    const answers = await Promise.all(names.map((n) => getAs(PaisResponse, `/peliculas_pais/${enc(n)}`)));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body).toMatchObject({ pais: "United States of America", codigo: "US" });
    expect(answers[0]!.body.cantidad).toBeGreaterThan(20);
  });
  it("España and Spain are the same country", async () => {
    const es = await get(`/peliculas_pais/${enc("España")}`);
    expect(es.body).toMatchObject({ codigo: "ES" });
    expect((await get("/peliculas_pais/spain")).body).toEqual(es.body);
  });
});

describe("GET /productoras_exitosas/{productora}", () => {
  it("sums revenue over the company's movies", async () => {
    const res = await getAs(ProductoraResponse, "/productoras_exitosas/pixar%20animation%20studios");
    expect(res.body.productora).toBe("Pixar Animation Studios");
    expect(res.body.cantidad).toBe(6);
    expect(res.body.revenue_total).toBe(373554033 + 497366869 + 363258859 + 562816256 + 1066969703 + 521311860);
  });
});

describe("GET /get_director/{nombre_director}", () => {
  it("lists the director's movies by date with their return", async () => {
    const res = await getAs(DirectorResponse, "/get_director/john%20lasseter");
    expect(res.status).toBe(200);
    expect(res.body.director).toBe("John Lasseter");
    expect(res.body.peliculas.map((p) => p.titulo)).toEqual(["Toy Story", "A Bug's Life", "Toy Story 2"]);
    const expected = 373554033 / 30000000 + 363258859 / 120000000 + 497366869 / 90000000;
    expect(res.body.retorno_total_director).toBeCloseTo(expected, 9);
    expect(res.body.retorno_total_director).toBeCloseTo(21.01, 2);
    expect(res.body.peliculas[0]).toEqual({
      id: 862,
      titulo: "Toy Story",
      anio: 1995,
      fecha: "1995-10-30",
      retorno: 373554033 / 30000000,
      presupuesto: 30000000,
      ganancia: 373554033,
    });
  });
});

describe("GET /recomendacion/{titulo}", () => {
  it("gives five recommendations, most similar first, never the movie itself", async () => {
    const res = await getAs(RecomendacionResponse, "/recomendacion/Toy%20Story");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 862, titulo: "Toy Story", anio: 1995 });
    expect(res.body.recomendaciones).toHaveLength(5);
    expect(res.body.titulos_recomendados).toEqual(res.body.recomendaciones.map((r) => r.titulo));
    expect(res.body.titulos_recomendados[0]).toBe("Toy Story 2");
    const sims = res.body.recomendaciones.map((r) => r.similitud);
    expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    expect(sims.every((s) => s > 0 && s <= 1)).toBe(true);
    expect(res.body.recomendaciones.map((r) => r.id)).not.toContain(862);
  });
  it("follows the same title rules and ?anio= as /peliculas_duracion", async () => {
    expect((await getAs(RecomendacionResponse, "/recomendacion/psycho")).body.id).toBe(539);
    expect((await getAs(RecomendacionResponse, "/recomendacion/psycho?anio=1998")).body.id).toBe(11252);
    await expectError("/recomendacion/psycho?anio=1999", 404, "not_found");
  });
});

describe("a name that matches nothing", () => {
  it.each([
    ["/peliculas_idioma/espan", "Español"],
    ["/peliculas_duracion/toy%20stroy", "Toy Story"],
    ["/franquicia/star%20war", "Star Wars Collection"],
    ["/peliculas_pais/estados", "United States of America"],
    ["/productoras_exitosas/pixar", "Pixar Animation Studios"],
    ["/get_director/john%20lass", "John Lasseter"],
    ["/recomendacion/the%20matrx", "The Matrix"],
  ])("%s 404s, suggesting %s", async (path, name) => {
    expect((await expectError(path, 404, "not_found")).sugerencias).toContain(name);
  });
});

describe("bad input", () => {
  const routes = LOOKUP_TEMPLATES.map((t) => t.split("/")[1]!);
  it.each(routes)("/%s rejects empty, blank, too long and control characters with 400", async (route) => {
    await expectError(`/${route}/`, 400, "invalid_request");
    await expectError(`/${route}/%20%20`, 400, "invalid_request");
    await expectError(`/${route}/${"a".repeat(201)}`, 400, "invalid_request");
    await expectError(`/${route}/a%00b`, 400, "invalid_request");
    await expectError(`/${route}/a%1Fb`, 400, "invalid_request");
    // 200 characters is still a valid (unknown) name.
    await expectError(`/${route}/${"a".repeat(200)}`, 404, "not_found");
  });
  it.each(routes)("/%s treats SQL metacharacters as text", async (route) => {
    const before = await env.DB.prepare("SELECT COUNT(*) AS n FROM movies").first<{ n: number }>();
    for (const s of ["' OR 1=1 --", "%'; DROP TABLE movies; --", '" OR ""="']) {
      const res = await get(`/${route}/${enc(s)}`);
      expect(res.status, s).toBe(404);
      expect(errorOf(res).code).toBe("not_found");
    }
    // Punctuation alone names nothing (names ignore punctuation): a 400, not a lookup.
    expect((await get(`/${route}/${enc("_%")}`)).status).toBe(400);
    const after = await env.DB.prepare("SELECT COUNT(*) AS n FROM movies").first<{ n: number }>();
    expect(after).toEqual(before);
  });
});

describe("service routes", () => {
  it("GET /health reports the loaded dataset", async () => {
    const res = await getAs(HealthResponse, "/health");
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.dataset?.version).toBe(env.TEST_SEED.version);
    expect(res.body.dataset?.movies).toBe(env.TEST_SEED.counts.movies);
  });
  it("GET /openapi.json is OpenAPI 3.1 with the seven routes", async () => {
    const res = await getAs(DocSchema, "/openapi.json");
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(LOOKUP_TEMPLATES));
  });
  it("every documented example works on the sample", async () => {
    const doc = (await getAs(DocSchema, "/openapi.json")).body;
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!item.get) continue; // e.g. POST-only admin routes
      const params = item.get.parameters ?? [];
      const example = (p: Parameter) => enc(String(p.schema.example ?? p.example));
      const filled = params.filter((p) => p.in === "path").reduce((u, p) => u.replace(`{${p.name}}`, example(p)), path);
      const query = params.filter((p) => p.in === "query" && (p.schema.example ?? p.example) !== undefined).map((p) => `${p.name}=${example(p)}`);
      const url = query.length ? `${filled}?${query.join("&")}` : filled;
      const res = await get(url);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });
  it("GET /docs serves the reference page with self-hosted assets", async () => {
    const res = await get("/docs");
    expect(res.status).toBe(200);
    // The page's own script starts the self-hosted Swagger UI (test/e2e/docs.test.ts runs it).
    expect(res.text).toContain('<script src="/docs.js" defer></script>');
    expect(docsScript).toContain("/vendor/swagger-ui/");
    expect(res.text + docsScript).not.toMatch(/https?:\/\//);
  });
  it("unknown paths get the error envelope", async () => {
    await expectError("/nope", 404, "not_found");
  });
});
