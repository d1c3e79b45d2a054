// The 404 suggestions of every named route (src/db/suggestions.ts) on the bundled sample: word
// prefixes first, then trigram similarity for typos, noise filtered out; and the guard that
// keeps a hit from paying for the search.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SQL } from "../../src/db/lookups.ts";
import { suggestionSql } from "../../src/db/suggestions.ts";
import { kindRange } from "../../src/shared/search.ts";
import { enc, expectError } from "./http.ts";

const suggestions = async (path: string) => (await expectError(path, 404, "not_found")).sugerencias as string[];

describe("typos get the intended name first", () => {
  it.each([
    ["/peliculas_duracion/", "Toy Stroy", "Toy Story"],
    ["/recomendacion/", "toy stroy", "Toy Story"],
    ["/recomendacion/", "the matrx", "The Matrix"],
    ["/get_director/", "Jhon Lasseter", "John Lasseter"],
    ["/get_director/", "kieslowsky", "Krzysztof Kieślowski"],
    ["/productoras_exitosas/", "Pixar", "Pixar Animation Studios"],
    ["/productoras_exitosas/", "pixar animaton studios", "Pixar Animation Studios"],
    ["/franquicia/", "star wars colection", "Star Wars Collection"],
    ["/peliculas_idioma/", "japanes", "日本語"],
    ["/peliculas_idioma/", "espanl", "Español"],
    ["/peliculas_pais/", "frence", "France"],
    ["/peliculas_pais/", "alemnia", "Germany"],
  ])("%s%s -> %s", async (route, input, first) => {
    expect((await suggestions(`${route}${enc(input)}`))[0]).toBe(first);
  });
});

describe("the rule", () => {
  it("names that contain every typed word as a prefix come before typo matches", async () => {
    expect((await suggestions("/peliculas_duracion/toy%20sto")).sort()).toEqual(["Toy Story", "Toy Story 2", "Toy Story 3"]);
    // "The Godfather" shares more trigrams with "the good" than the long title does, but only
    // the long title contains both words.
    const good = await suggestions("/peliculas_duracion/the%20good");
    expect(good[0]).toBe("The Good, the Bad and the Ugly");
    expect(good).toContain("The Godfather");
    // "toy story 4": no title has a word starting with "4", so all come from trigrams, closest first.
    const typo = await suggestions("/peliculas_duracion/toy%20story%204");
    expect(typo[0]).toBe("Toy Story");
    expect(typo.slice(1, 3).sort()).toEqual(["Toy Story 2", "Toy Story 3"]);
  });
  it("a shared common trigram is not enough: far names are left out", async () => {
    expect(await suggestions("/peliculas_duracion/the%20xqzv")).toEqual([]);
    expect(await suggestions("/get_director/zzzz")).toEqual([]);
  });
  it("lists each name once, at most five", async () => {
    const list = await suggestions("/peliculas_duracion/sabrinna");
    expect(list).toEqual(["Sabrina"]); // two movies share the title
    const many = await suggestions("/peliculas_duracion/th");
    expect(many.length).toBeLessThanOrEqual(5);
    expect(new Set(many).size).toBe(many.length);
  });
  it("suggests only names of the route's kind", async () => {
    // "Toy Story Collection" is a franchise: the title route does not offer it, the franchise route does.
    expect(await suggestions("/peliculas_duracion/toy%20story%20colection")).not.toContain("Toy Story Collection");
    // (Typed without a typo, "toy story" is found: a franchise's name matches without "Collection".)
    expect((await suggestions("/franquicia/toy%20stroy"))[0]).toBe("Toy Story Collection");
  });
});

describe("the guard", () => {
  // An invalid FTS5 query fails only if SQLite actually opens the full-text search.
  const run = (key: string) =>
    env.DB.prepare(suggestionSql(["words", "typos"], SQL.director))
      .bind(key, ...kindRange("director"), "AND AND (", "AND AND (")
      .all();
  it("on a hit, never opens the full-text search", async () => {
    expect((await run("john lasseter")).results).toEqual([]);
  });
  it("on a miss, runs it", async () => {
    await expect(run("jhon lasseter")).rejects.toThrow(/fts5: syntax error/);
  });
});
