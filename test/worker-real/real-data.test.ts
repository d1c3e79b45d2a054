// The Worker on the real data (../shared/data/raw, 4,995 movies), seeded by the real ETL:
// known answers from the Kaggle dataset.
import { describe, expect, it } from "vitest";
import { DirectorResponse } from "../../src/routes/get_director/get_director.schemas.ts";
import { IdiomaResponse } from "../../src/routes/peliculas_idioma/peliculas_idioma.schemas.ts";
import { RecomendacionResponse } from "../../src/routes/recomendacion/recomendacion.schemas.ts";
import { expectError, get, getAs } from "../worker/http.ts";

describe("GET /peliculas_duracion on the real data", () => {
  it("Toy Story runs 81 minutes and came out in 1995", async () => {
    expect((await get("/peliculas_duracion/toy%20story")).body).toMatchObject({ id: 862, pelicula: "Toy Story", duracion: 81, anio: 1995 });
  });
});

describe("GET /get_director on the real data", () => {
  it("John Lasseter directed three of these movies, total return ≈ 21.01", async () => {
    const res = await getAs(DirectorResponse, "/get_director/john%20lasseter");
    expect(res.body.peliculas.map((p) => p.titulo)).toEqual(["Toy Story", "A Bug's Life", "Toy Story 2"]);
    expect(res.body.retorno_total_director).toBeCloseTo(21.01, 2);
  });
});

describe("GET /peliculas_idioma on the real data", () => {
  it("es, Español and spanish give the same count", async () => {
    const answers = await Promise.all(["es", "Espa%C3%B1ol", "spanish"].map((s) => getAs(IdiomaResponse, `/peliculas_idioma/${s}`)));
    expect(answers[0]!.body.codigo).toBe("es");
    expect(answers[0]!.body.cantidad).toBeGreaterThan(50);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
  });
});

describe("GET /recomendacion on the real data", () => {
  it("recommends Toy Story 2 first for Toy Story", async () => {
    const res = await getAs(RecomendacionResponse, "/recomendacion/Toy%20Story");
    expect(res.body.titulos_recomendados).toHaveLength(5);
    expect(res.body.titulos_recomendados[0]).toBe("Toy Story 2");
  });
  it("unknown titles get 404 with suggestions", async () => {
    const err = await expectError("/recomendacion/toy%20stor", 404, "not_found");
    expect(err.sugerencias?.length).toBeGreaterThan(0);
  });
});
