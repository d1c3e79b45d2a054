import { describe, expect, it } from "vitest";
import { normalizeName } from "../../src/shared/normalize.ts";

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
});
