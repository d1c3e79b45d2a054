// /peliculas/{id} on the bundled sample: the whole cleaned record, its recommendations, and the
// budget of one D1 call + one KV read.
import { beforeAll, describe, expect, it } from "vitest";
import { PeliculaResponse } from "../../src/routes/peliculas/peliculas.schemas.ts";
import { RecomendacionResponse } from "../../src/routes/recomendacion/recomendacion.schemas.ts";
import { expectError, getAs } from "./http.ts";
import { uncached, warmIsolate } from "./instrumented.ts";

const movie = (id: number) => getAs(PeliculaResponse, `/peliculas/${id}`);
const recommended = async (path: string) => (await getAs(RecomendacionResponse, path)).body.recomendaciones;

beforeAll(warmIsolate);

describe("GET /peliculas/{id}", () => {
  it("862 is Toy Story, with every cleaned field", async () => {
    const res = await movie(862);
    expect(res.status).toBe(200);
    const { resumen, recomendaciones, ...rest } = res.body;
    expect(rest).toEqual({
      id: 862,
      titulo: "Toy Story",
      fecha: "1995-10-30",
      anio: 1995,
      duracion: 81,
      presupuesto: 30000000,
      ganancia: 373554033,
      retorno: 373554033 / 30000000,
      popularidad: 21.946943,
      votos_promedio: 7.7,
      votos_cantidad: 5415,
      idioma_original: "en",
      franquicia: { id: 10194, nombre: "Toy Story Collection" },
      generos: [
        { id: 16, nombre: "Animation" },
        { id: 35, nombre: "Comedy" },
        { id: 10751, nombre: "Family" },
      ],
      productoras: [{ id: 3, nombre: "Pixar Animation Studios" }],
      paises: [{ codigo: "US", nombre: "United States of America" }],
      idiomas: [{ codigo: "en", nombre: "English" }],
      directores: [{ id: 7879, nombre: "John Lasseter" }],
    });
    expect(resumen).toMatch(/^A pull-string cowboy doll/); // the first row of the repeated id 862
  });
  it("carries the same five recommendations as /recomendacion", async () => {
    const detail = (await movie(862)).body;
    const recs = await recommended("/recomendacion/toy%20story");
    expect(detail.recomendaciones).toHaveLength(5);
    expect(detail.recomendaciones).toEqual(recs);
    expect(detail.recomendaciones[0]!.titulo).toBe("Toy Story 2");
  });
  it("finds its own recommendations when several movies share the title", async () => {
    const [older, newer] = await Promise.all([movie(6620), movie(11860)]);
    expect(older.body.recomendaciones).toEqual(await recommended("/recomendacion/sabrina?anio=1954"));
    expect(newer.body.recomendaciones).toEqual(await recommended("/recomendacion/sabrina?anio=1995"));
    expect(newer.body.recomendaciones).not.toEqual(older.body.recomendaciones);
  });
  it("keeps list order and empty lists", async () => {
    const sabrina = (await movie(11860)).body;
    expect(sabrina.idiomas).toEqual([
      { codigo: "fr", nombre: "Français" },
      { codigo: "en", nombre: "English" },
    ]);
    expect(sabrina.paises.map((p) => p.codigo)).toEqual(["DE", "US"]);
    expect(sabrina.franquicia).toBeNull();
    const nosferatu = (await movie(653)).body;
    expect(nosferatu).toMatchObject({ titulo: "Nosferatu", idiomas: [], directores: [] });
    expect((await movie(489)).body.generos).toEqual([]); // unparsable genres, repaired to none
    const codirected = (await movie(603)).body.directores.map((d) => d.nombre);
    expect(codirected).toHaveLength(2);
  });
  it("is one D1 call and one KV read", async () => {
    const res = await uncached("/peliculas/863");
    expect(res.status).toBe(200);
    expect(res.calls.d1, res.calls.sql.join(" | ")).toBe(1);
    expect(res.calls.kv).toBeLessThanOrEqual(1); // 0 when the shard is already in isolate memory
  });
  it("an unknown id is a 404 in the envelope", async () => {
    const err = await expectError("/peliculas/999999", 404, "not_found");
    expect(err.message).toContain("999999");
    await expectError("/peliculas/275", 404, "not_found"); // Fargo: rejected by the ETL (no date)
  });
  it("the id must be a positive integer", async () => {
    for (const id of ["0", "-1", "abc", "1.5", "0x35e", "1e3", "%20862", "86%002", "9".repeat(16)]) {
      await expectError(`/peliculas/${id}`, 400, "invalid_request");
    }
  });
});
