import { describe, expect, it } from "vitest";
import { franchiseKey, normalizeName } from "../../src/shared/normalize.ts";

/** What normalizeName turns each input into, by the rule it shows. */
const NORMALIZED: Record<string, Record<string, string>> = {
  "strips accents, lower-cases and collapses whitespace": { "  Amélie \t Poulain ": "amelie poulain", ESPAÑOL: "espanol" },
  "applies compatibility decomposition (NFKD)": { "ﬁlm Ⅱ": "film ii" },
  "keeps non-Latin scripts": { 日本語: "日本語" },
  "ignores punctuation: it separates words like a space": {
    "Warner Bros.": "warner bros",
    WALL·E: "wall e",
    "WALL-E": "wall e",
    "Mr. Smith Goes to Washington": "mr smith goes to washington",
    "Metro-Goldwyn-Mayer (MGM)": "metro goldwyn mayer mgm",
    "Monsters, Inc.": "monsters inc",
    "¿Qué?": "que",
  },
  "drops apostrophes, straight, curly or typed as accents: they never split a word": {
    "Ocean's Eleven": "oceans eleven",
    "Ocean’s Eleven": "oceans eleven",
    "Ocean´s Eleven": "oceans eleven",
    "Ocean`s Eleven": "oceans eleven",
    "Ｏｃｅａｎ＇ｓ Ｅｌｅｖｅｎ": "oceans eleven",
    "oceans eleven": "oceans eleven",
    "A Bug's Life": "a bugs life",
  },
  "keeps symbols, which are not punctuation": { "C++": "c++", "8½": "81⁄2", "...": "" },
};

describe.each(Object.entries(NORMALIZED))("normalizeName %s", (_, cases) => {
  it.each(Object.entries(cases))("%j -> %j", (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
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
