// Spellings of languages and countries (etl/build/aliases.ts): ICU names, and the dataset's
// non-ISO language codes named as what they stand for.
import { describe, expect, it } from "vitest";
import { aliasKeys, displayName } from "../../etl/build/aliases.ts";

describe("language aliases", () => {
  it("name TMDB's `cn` as Cantonese (ISO 639-3 yue) in English and Spanish", () => {
    expect(aliasKeys("language", "cn", "广州话 / 廣州話")).toEqual(["cn", "广州话 廣州話", "cantonese", "cantones"]);
    expect(displayName("language", "cn", undefined)).toBe("Cantonese");
    expect(displayName("language", "cn", "广州话 / 廣州話")).toBe("广州话 / 廣州話");
  });
  it("name `xx` (no dialogue) without ICU", () => {
    expect(aliasKeys("language", "xx", "No Language")).toEqual(["xx", "no language", "sin idioma"]);
    expect(displayName("language", "xx", undefined)).toBe("No language");
  });
  it("leave ISO codes to ICU", () => {
    expect(aliasKeys("language", "es", "Español")).toEqual(["es", "espanol", "spanish"]);
    expect(displayName("language", "zz", undefined)).toBe("zz");
  });
});
