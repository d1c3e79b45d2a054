// Issue 15's names on the real data: typed without the dataset's punctuation, without
// "Collection", and a non-ISO language code by its real name.
import { describe, expect, it } from "vitest";
import { IdiomaResponse } from "../../src/routes/peliculas_idioma/peliculas_idioma.schemas.ts";
import { enc, get, getAs } from "../worker/http.ts";

describe("names as people type them, on the real data", () => {
  it("/productoras_exitosas/warner bros is Warner Bros.", async () => {
    const res = await get(`/productoras_exitosas/${enc("warner bros")}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ productora: "Warner Bros." });
    expect(res.body).toEqual((await get(`/productoras_exitosas/${enc("Warner Bros.")}`)).body);
    console.log(`/productoras_exitosas/warner bros -> ${JSON.stringify(res.body)}`);
  });
  it("/franquicia/star wars is the Star Wars Collection", async () => {
    const res = await get(`/franquicia/${enc("star wars")}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ franquicia: "Star Wars Collection" });
    console.log(`/franquicia/star wars -> ${JSON.stringify(res.body)}`);
  });
  it("/peliculas_idioma/Cantonese (and cantonés) is the dataset's cn", async () => {
    const res = await getAs(IdiomaResponse, `/peliculas_idioma/${enc("Cantonese")}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ codigo: "cn" });
    expect(res.body.cantidad).toBeGreaterThan(0);
    for (const s of ["cantonés", "cn", "广州话 / 廣州話"]) expect((await get(`/peliculas_idioma/${enc(s)}`)).body, s).toEqual(res.body);
    console.log(`/peliculas_idioma/Cantonese -> ${JSON.stringify(res.body)}`);
  });
  it("titles: mr smith goes to washington", async () => {
    expect((await get(`/peliculas_duracion/${enc("mr smith goes to washington")}`)).body).toMatchObject({ pelicula: "Mr. Smith Goes to Washington" });
  });
});
