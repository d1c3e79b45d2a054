// FTS5 query strings built from user input (src/db/fts.ts): input never becomes query syntax.
import { describe, expect, it } from "vitest";
import { prefixQuery, similarity, trigramQuery, trigrams } from "../../src/db/fts.ts";
import { MIN_SIMILARITY } from "../../src/db/suggestions.ts";

describe("prefixQuery", () => {
  it("quotes every word and makes it a prefix", () => {
    expect(prefixQuery("toy sto")).toBe('"toy"* "sto"*');
    expect(prefixQuery('toy" or "a')).toBe('"toy"* "or"* "a"*');
    expect(prefixQuery("near(toy, story) title:x -y ^z")).toBe('"near"* "toy"* "story"* "title"* "x"* "y"* "z"*');
  });
  it("has no query for input without words, and caps the number of words", () => {
    expect(prefixQuery("%_* --")).toBeNull();
    expect(prefixQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(" "))!.split(" ")).toHaveLength(12);
  });
});

describe("trigrams", () => {
  it("pads the name with a space at each end, like the index", () => {
    expect(trigrams("toy")).toEqual([" to", "toy", "oy "]);
    expect(trigrams("日本語")).toEqual([" 日本", "日本語", "本語 "]);
  });
  it("ORs distinct trigrams, each a quoted string with quotes doubled", () => {
    expect(trigramQuery("aaaa")).toBe('" aa" OR "aaa" OR "aa "');
    expect(trigramQuery('a"b')).toBe('" a""" OR "a""b" OR """b "');
    expect(trigramQuery("x".repeat(5) + "abcdefghijklmnopqrstuvwxyz0123456789")!.split(" OR ")).toHaveLength(32);
  });
  it("similarity is 1 for the same name, high for a typo, low for a stranger", () => {
    expect(similarity("toy story", "toy story")).toBe(1);
    expect(similarity("toy stroy", "toy story")).toBeGreaterThan(0.5);
    expect(similarity("jhon lasseter", "john lasseter")).toBeGreaterThan(0.6);
    expect(similarity("the xqzv", "the matrix")).toBeLessThan(MIN_SIMILARITY);
  });
});
