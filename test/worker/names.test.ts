// Names are matched as people type them (src/shared/normalize.ts): punctuation and apostrophes
// ignored as well as case, accents and spacing; franchises with or without "Collection"; the
// dataset's non-ISO language codes by their real names. On the sample.
import { describe, expect, it } from "vitest";
import { enc, get } from "./http.ts";

describe("names ignore punctuation and apostrophes", () => {
  it("titles: WALL·E as wall e or WALL-E, A Bug's Life as a bugs life", async () => {
    for (const s of ["wall e", "WALL-E", "wall·e", "Wall.E"]) expect((await get(`/peliculas_duracion/${enc(s)}`)).body, s).toMatchObject({ id: 10681 });
    for (const s of ["a bugs life", "A Bug’s Life", "a bug's life"]) expect((await get(`/recomendacion/${enc(s)}`)).body, s).toMatchObject({ id: 9487 });
    expect((await get(`/peliculas_duracion/${enc("monsters inc")}`)).body).toMatchObject({ pelicula: "Monsters, Inc." });
  });
  it("companies: warner bros is Warner Bros., metro goldwyn mayer mgm is Metro-Goldwyn-Mayer (MGM)", async () => {
    expect((await get(`/productoras_exitosas/${enc("warner bros")}`)).body).toMatchObject({ productora: "Warner Bros." });
    expect((await get(`/productoras_exitosas/${enc("metro goldwyn mayer mgm")}`)).body).toMatchObject({ productora: "Metro-Goldwyn-Mayer (MGM)" });
  });
});

describe("franchises with or without Collection", () => {
  it("star wars, Star Wars Collection and colección star wars are one franchise", async () => {
    const answers = await Promise.all(["star wars", "Star Wars Collection", "colección star wars", "STAR WARS"].map((s) => get(`/franquicia/${enc(s)}`)));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(answers[0]!.body).toMatchObject({ franquicia: "Star Wars Collection", cantidad: 3 });
    expect((await get(`/franquicia/${enc("monsters inc")}`)).body).toMatchObject({ franquicia: "Monsters, Inc. Collection" });
  });
});

describe("non-ISO language codes", () => {
  it("xx (no dialogue) answers to no language and sin idioma", async () => {
    const answers = await Promise.all(["xx", "No Language", "sin idioma"].map((s) => get(`/peliculas_idioma/${enc(s)}`)));
    for (const a of answers) expect(a.body).toEqual({ idioma: "No Language", codigo: "xx", cantidad: expect.any(Number) });
    expect(answers[1]!.body).toEqual(answers[0]!.body);
  });
});
