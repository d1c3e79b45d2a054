// Explained recommendations (etl/recommender/explain.ts): the shared terms with the largest
// w(a,t)·w(b,t), from the same TF-IDF matrix the top-k used; their contributions add up to the
// similarity the top-k reported.
import { describe, expect, it } from "vitest";
import { ExplainedNeighbours, sharedTerms } from "../../etl/recommender/explain.ts";
import { buildTfidf } from "../../etl/recommender/tfidf.ts";
import { computeNeighbours, neighbourLists } from "../../etl/recommender/topk.ts";

const docs = [
  "toy toy andy woody cowboy space ranger",
  "toy andy woody buzz space",
  "detective murder city night",
  "murder detective train passengers",
  "toy soldiers war",
  "space ranger buzz galaxy",
];

describe("sharedTerms", () => {
  const m = buildTfidf(docs);
  it("lists the shared terms by contribution w(a,t)·w(b,t), largest first, and they sum to the cosine similarity", () => {
    const all = sharedTerms(m, 0, 1, 100);
    expect(all.map((t) => t.term).sort()).toEqual(["andy", "space", "toy", "woody"]);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.weight).toBeGreaterThanOrEqual(all[i]!.weight);
    const dense = (r: number) => {
      const v = new Map<number, number>();
      for (let e = m.indptr[r]!; e < m.indptr[r + 1]!; e++) v.set(m.indices[e]!, m.data[e]!);
      return v;
    };
    const [a, b] = [dense(0), dense(1)];
    const cosine = [...a].reduce((s, [t, w]) => s + w * (b.get(t) ?? 0), 0);
    expect(all.reduce((s, t) => s + t.weight, 0)).toBeCloseTo(cosine, 12);
    expect(sharedTerms(m, 0, 1)).toEqual(all.slice(0, 3));
  });
  it("breaks ties by term, and finds nothing between unrelated rows", () => {
    const tie = buildTfidf(["beta alpha gamma", "gamma alpha beta"]);
    expect(sharedTerms(tie, 0, 1).map((t) => t.term)).toEqual(["alpha", "beta", "gamma"]);
    expect(sharedTerms(m, 0, 2)).toEqual([]);
  });
});

describe("ExplainedNeighbours", () => {
  it("explains each neighbour computeNeighbours found, from its own matrix: the top 3 of a dense computation", async () => {
    const res = await computeNeighbours(
      docs.map((text, i) => ({ id: 100 - i, text })),
      2,
      { threads: 1 },
    );
    const lists = neighbourLists(res);
    const lookup = new ExplainedNeighbours(res, res.tfidf);
    const terms = lists.map((list, r) => {
      const got = lookup.get(res.ids[r]!)!;
      expect(got.map((n) => [n.id, n.sim])).toEqual(list.map((n) => [n.id, n.sim]));
      return got.map((n) => n.terms);
    });
    const m = res.tfidf;
    const dense = (r: number) => {
      const v = new Map<string, number>();
      for (let e = m.indptr[r]!; e < m.indptr[r + 1]!; e++) v.set(m.terms[m.indices[e]!]!, m.data[e]!);
      return v;
    };
    const row = (id: number) => [...res.ids].indexOf(id);
    let explained = 0;
    lists.forEach((list, r) => {
      expect(terms[r]).toHaveLength(list.length);
      list.forEach((nb, q) => {
        const [a, b] = [dense(r), dense(row(nb.id))];
        const expected = [...a]
          .filter(([t]) => b.has(t))
          .map(([t, w]) => ({ t, c: w * b.get(t)! }))
          .sort((x, y) => y.c - x.c || (x.t < y.t ? -1 : 1))
          .slice(0, 3)
          .map((x) => x.t);
        expect(terms[r]![q]).toEqual(expected);
        explained += expected.length;
      });
    });
    expect(explained).toBeGreaterThan(6);
    expect(terms[row(100)]![0]).toHaveLength(3);
    expect(lookup.get(12345)).toBeUndefined();
  });
});
