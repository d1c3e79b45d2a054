import { describe, expect, it } from "vitest";
import { franchiseKey, normalizeName } from "../../src/shared/normalize.ts";

describe("normalizeName", () => {
  it("strips accents, lower-cases and collapses whitespace", () => {
    expect(normalizeName("  Amélie \t Poulain ")).toBe("amelie poulain");
    expect(normalizeName("ESPAÑOL")).toBe("espanol");
  });
  it("applies compatibility decomposition (NFKD)", () => {
    expect(normalizeName("ﬁlm Ⅱ")).toBe("film ii");
  });
  it("keeps non-Latin scripts", () => {
    expect(normalizeName("日本語")).toBe("日本語");
  });
  it("ignores punctuation: it separates words like a space", () => {
    expect(normalizeName("Warner Bros.")).toBe(normalizeName("warner bros"));
    expect(normalizeName("WALL·E")).toBe("wall e");
    expect(normalizeName("WALL-E")).toBe("wall e");
    expect(normalizeName("Mr. Smith Goes to Washington")).toBe("mr smith goes to washington");
    expect(normalizeName("Metro-Goldwyn-Mayer (MGM)")).toBe("metro goldwyn mayer mgm");
    expect(normalizeName("Monsters, Inc.")).toBe("monsters inc");
    expect(normalizeName("¿Qué?")).toBe("que");
  });
  it("drops apostrophes, straight, curly or typed as accents: they never split a word", () => {
    for (const s of ["Ocean's Eleven", "Ocean’s Eleven", "Ocean´s Eleven", "Ocean`s Eleven", "Ｏｃｅａｎ＇ｓ Ｅｌｅｖｅｎ", "oceans eleven"]) {
      expect(normalizeName(s), s).toBe("oceans eleven");
    }
    expect(normalizeName("A Bug's Life")).toBe("a bugs life");
  });
  it("keeps symbols, which are not punctuation", () => {
    expect(normalizeName("C++")).toBe("c++");
    expect(normalizeName("8½")).toBe("81⁄2");
    expect(normalizeName("...")).toBe("");
  });
});

describe("franchiseKey", () => {
  it("is the name without the word Collection (or Colección) at either end", () => {
    expect(franchiseKey("Star Wars Collection")).toBe("star wars");
    expect(franchiseKey("star wars")).toBe("star wars");
    expect(franchiseKey("Colección Star Wars")).toBe("star wars");
    expect(franchiseKey("STAR WARS COLECCIÓN")).toBe("star wars");
  });
  it("keeps the word elsewhere, and a name that is only the word", () => {
    expect(franchiseKey("The Collection Collection")).toBe("the collection");
    expect(franchiseKey("Collection")).toBe("collection");
    expect(franchiseKey("Collectionneur")).toBe("collectionneur");
  });
});
