// Explained recommendations: each recommendation carries the terms the two movies share that
// weigh most in their similarity (etl/recommender/explain.ts), in /recomendacion and
// /peliculas/{id} alike, from the same single KV read.
import { describe, expect, it } from "vitest";
import { PeliculaResponse } from "../../src/routes/peliculas/peliculas.schemas.ts";
import { RecomendacionResponse } from "../../src/routes/recomendacion/recomendacion.schemas.ts";
import { getAs } from "./http.ts";

/** The words of a movie's recommender text (genres, title, overview), lower-cased. */
async function words(id: number): Promise<Set<string>> {
  const m = (await getAs(PeliculaResponse, `/peliculas/${id}`)).body;
  // As the recommender reads it: punctuation removed (joining "andy's" into "andys"), lower-cased.
  const text = [...m.generos.map((g) => g.nombre), m.titulo, m.resumen]
    .join(" ")
    .replace(/[^\p{L}\p{N}_\s]/gu, "")
    .toLowerCase();
  return new Set(text.match(/[\p{L}\p{N}_]{2,}/gu) ?? []);
}

describe("terminos", () => {
  it("are up to three words both movies have, for every recommendation", async () => {
    const res = await getAs(RecomendacionResponse, "/recomendacion/toy%20story");
    const own = await words(862);
    let total = 0;
    for (const r of res.body.recomendaciones) {
      expect(r.terminos.length).toBeGreaterThan(0);
      expect(r.terminos.length).toBeLessThanOrEqual(3);
      expect(new Set(r.terminos).size).toBe(r.terminos.length);
      const theirs = await words(r.id);
      for (const t of r.terminos) {
        expect(own.has(t), `${t} in Toy Story`).toBe(true);
        expect(theirs.has(t), `${t} in ${r.id}`).toBe(true);
      }
      total += r.terminos.length;
    }
    expect(total).toBeGreaterThan(5);
  });
  it("are the same in /peliculas/{id}", async () => {
    const detail = (await getAs(PeliculaResponse, "/peliculas/862")).body.recomendaciones;
    const recs = (await getAs(RecomendacionResponse, "/recomendacion/toy%20story")).body.recomendaciones;
    expect(detail.map((r) => r.terminos)).toEqual(recs.map((r) => r.terminos));
  });
});
