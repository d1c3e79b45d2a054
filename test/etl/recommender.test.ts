import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../etl/prng.ts";
import { crLog } from "../../etl/recommender/crlog.ts";
import { ENGLISH_STOP_WORDS } from "../../etl/recommender/stopwords.ts";
import { isPythonSpace, isPythonWordChar, movieText, movieTextParts, pythonLower, stripNonWord, tokenize } from "../../etl/recommender/text.ts";
import { buildTfidf, buildTfidfOf, compareCodePoints, sortedVocabulary, type TextParts, type TfidfMatrix } from "../../etl/recommender/tfidf.ts";
import { computeNeighbours, neighbourList, neighboursOf, rowOf, type TopKLists, topK, topKNaive, topKRows, topKSync } from "../../etl/recommender/topk.ts";

// Expected values below were produced by Python 3.11.2 / scikit-learn 1.2.1 (/usr/bin/python3).

const lists = (r: TopKLists): { idx: number[]; sim: number[]; count: number[] } => ({
  idx: Array.from(r.idx),
  sim: Array.from(r.sim),
  count: Array.from(r.count),
});

describe("movieText: Python re.sub(r'[^\\w\\s]', '', text)", () => {
  it("joins genres, title and overview with spaces; missing parts are empty", () => {
    expect(movieText(["Animation", "Comedy"], "Toy Story", "Woody's toys.")).toBe("Animation Comedy Toy Story Woodys toys");
    expect(movieText([], "Heat", null)).toBe(" Heat ");
    expect(movieText(undefined, undefined, undefined)).toBe("  ");
  });
  it("in two parts (movieTextParts, whose join movieText is) gives the same tokens in the same order", () => {
    // Boundaries where a context could reach across: final sigma, İ's combining dot, punctuation, empty parts.
    const cases: Array<[string[] | null, string | null, string | null]> = [
      [["Animation", "Comedy"], "Toy Story", "Woody's toys."],
      [["Drama"], "ΟΔΥΣΣΕΑΣ", "ΣΑ is İstanbul's"],
      [[], "Σ-", "-Σ x"],
      [null, "'Heat'", null],
      [["Action"], null, "R.I.P. ǅemaĺ"],
    ];
    for (const [genres, title, overview] of cases) {
      const parts = movieTextParts(genres, title, overview);
      expect([...tokenize(parts[0]), ...tokenize(parts[1])]).toEqual(tokenize(movieText(genres, title, overview)));
      expect(tokenize(parts[1])).toEqual(tokenize(movieText(null, overview, null)));
    }
  });
  it("removes punctuation, joining the pieces of a word", () => {
    expect(stripNonWord("don't Spider-Man: R.I.P. (1999) foo_bar!")).toBe("dont SpiderMan RIP 1999 foo_bar");
  });
  it("removes combining marks (not \\w in Python) but keeps letters, numbers and _", () => {
    expect(stripNonWord("Cafe\u0301 Café x\u20ddy \u0903z")).toBe("Cafe Café xy z");
    expect(stripNonWord("x²y ½ Ⅻ 〇 日本語 𝒜")).toBe("x²y ½ Ⅻ 〇 日本語 𝒜");
  });
  it("keeps Python's whitespace (\\x1c-\\x1f, \\x85, \\xa0) and drops U+FEFF (JS \\s, not Python's)", () => {
    expect(stripNonWord("a\x1cb a\x85b a\u00a0b a\ufeffb a\u200bb")).toBe("a\x1cb a\x85b a\u00a0b ab ab");
  });
  it("classifies tricky code points like Python 3.11 (Unicode 14), not like Node's ICU", () => {
    // [code point, \w, \s] from re.match(r'\w' / r'\s', chr(c))
    const cases: Array<[number, boolean, boolean]> = [
      [0x5f, true, false],
      [0x2d, false, false],
      [0x27, false, false],
      [0xb2, true, false],
      [0xbd, true, false],
      [0x2160, true, false],
      [0x301, false, false],
      [0x903, false, false],
      [0x20dd, false, false],
      [0x200c, false, false],
      [0xaa, true, false],
      [0x2b0, true, false],
      [0x1c5, true, false],
      [0x3007, true, false],
      [0x4e00, true, false],
      [0x1d49c, true, false],
      [0xd800, false, false],
      [0x10ffff, false, false],
      [0x1c, false, true],
      [0x1f, false, true],
      [0x85, false, true],
      [0xa0, false, true],
      [0x1680, false, true],
      [0x2028, false, true],
      [0x202f, false, true],
      [0x3000, false, true],
      [0xfeff, false, false],
      [0x180e, false, false],
      [0x200b, false, false],
      // assigned after Unicode 14 (letters for Node 20's ICU, unassigned for Python 3.11)
      [0x88f, false, false],
      [0x1c89, false, false],
      [0x1e030, false, false],
      [0x31350, false, false],
    ];
    for (const [c, w, s] of cases) {
      expect([c.toString(16), isPythonWordChar(c), isPythonSpace(c)]).toEqual([c.toString(16), w, s]);
    }
    expect(/\p{L}/u.test(String.fromCodePoint(0x1e030))).toBe(true); // why JS classes are not used
  });
});

describe("tokenize: sklearn analyzer (lower-case, \\b\\w\\w+\\b, English stop words)", () => {
  it("lower-cases, drops single characters and stop words (after lower-casing)", () => {
    expect(tokenize("foo_bar x 1999 the The thee a b")).toEqual(["foo_bar", "1999", "thee"]);
    expect(tokenize("Animation Comedy Toy Story Woodys toys")).toEqual(["animation", "comedy", "toy", "story", "woodys", "toys"]);
  });
  it("follows str.lower(): İ -> i + U+0307 splits the word; final sigma; titlecase letters", () => {
    expect(tokenize("İstanbul")).toEqual(["stanbul"]);
    expect(pythonLower("İ")).toBe("i\u0307");
    expect(tokenize("ΟΔΥΣΣΕΑΣ ΣΑ")).toEqual(["οδυσσεας", "σα"]);
    expect(tokenize("ǅemal ǈ")).toEqual(["ǆemal"]);
    expect(tokenize("ＡＢＣ ﬁlm")).toEqual(["ａｂｃ", "ﬁlm"]);
  });
  it("counts code points, not UTF-16 units", () => {
    expect(tokenize("𝒜𝒜 𝒜")).toEqual(["𝒜𝒜"]);
    expect(tokenize("x²y ½")).toEqual(["x²y"]);
  });
  it("combining marks split tokens (the clean-up removes them first anyway)", () => {
    expect(tokenize("Cafe\u0301 Café")).toEqual(["cafe", "café"]);
    expect(tokenize(stripNonWord("Cafe\u0301 Café"))).toEqual(["cafe", "café"]);
  });
  it("uses scikit-learn's 318 English stop words, sorted", () => {
    expect(ENGLISH_STOP_WORDS).toHaveLength(318);
    expect([...ENGLISH_STOP_WORDS].sort()).toEqual(ENGLISH_STOP_WORDS);
    expect(ENGLISH_STOP_WORDS).toContain("the");
    expect(ENGLISH_STOP_WORDS).not.toContain("movie");
  });
});

describe("buildTfidf: TfidfVectorizer defaults", () => {
  // n = 4 documents. df: apple 2, banana 2, cherry 2, durian 1.
  // idf = ln((1 + n) / (1 + df)) + 1:  df 2 -> ln(5/3) + 1 = 1.5108256237659907
  //                                    df 1 -> ln(5/2) + 1 = 1.916290731874155
  // d0 "apple banana":         (1.51, 1.51) / (1.51 * sqrt 2)    -> 0.7071067811865475 each
  // d1 "apple apple cherry":   (3.02, 1.51) / (1.51 * sqrt 5)    -> apple 2/sqrt5 = 0.8944271909999159, cherry 0.4472135954999579
  // d2 "banana cherry durian": (1.51, 1.51, 1.92) / sqrt(2 * 1.51^2 + 1.92^2) = / 2.8700800 ->
  //                            banana, cherry 0.5264054336099155, durian 0.6676785446095399
  // d3 "": all-zero row, stays empty.
  // Cosine: d0.d1 = 0.7071 * 0.8944 = 0.6324555320336758; d0.d2 = 0.7071 * 0.5264 = 0.3722248517590162;
  //         d1.d2 = 0.4472 * 0.5264 = 0.23541566665540473.
  const m = buildTfidf(["apple banana", "apple apple cherry", "banana cherry durian", ""]);
  const weight = (mat: TfidfMatrix, r: number, term: string): number => {
    const t = mat.terms.indexOf(term);
    for (let e = mat.indptr[r] as number; e < (mat.indptr[r + 1] as number); e++) if (mat.indices[e] === t) return mat.data[e] as number;
    return 0;
  };
  it("numbers columns by first occurrence, stores rows in descending column order", () => {
    expect(m.terms).toEqual(["apple", "banana", "cherry", "durian"]);
    expect(Array.from(m.indptr)).toEqual([0, 2, 4, 7, 7]);
    expect(Array.from(m.indices)).toEqual([1, 0, 2, 0, 3, 2, 1]);
    expect(Array.from(m.df)).toEqual([2, 2, 2, 1]);
    expect([...sortedVocabulary(m)]).toEqual([
      ["apple", 0],
      ["banana", 1],
      ["cherry", 2],
      ["durian", 3],
    ]);
  });
  it("texts in parts: the same matrix, plus each term's count of documents whose second part has it", () => {
    const parts: TextParts[] = [
      ["apple ", "banana"],
      ["apple apple ", "cherry apple"],
      ["banana ", "cherry durian banana"],
      ["", ""],
    ];
    const whole = buildTfidf(parts.map((p) => p.join("")));
    const inParts = buildTfidfOf(parts.length, (r) => parts[r]!);
    expect(whole.partDf).toBeUndefined();
    const { partDf, ...matrix } = inParts;
    expect(matrix).toEqual(whole);
    expect(Array.from(partDf!)).toEqual([1, 2, 2, 1]); // apple (d1), banana (d0, d2), cherry (d1, d2), durian (d2)
    expect(() => buildTfidfOf(2, (r) => (r === 0 ? parts[0]! : "apple"))).toThrow(/every text in parts, or none/);
    expect(() => buildTfidfOf(2, (r) => (r === 0 ? "apple" : parts[0]!))).toThrow(/every text in parts, or none/);
  });
  it("smooth idf", () => {
    expect(Array.from(m.idf)).toEqual([1.5108256237659907, 1.5108256237659907, 1.5108256237659907, 1.916290731874155]);
  });
  it("L2-normalised raw counts x idf (bit-identical to scikit-learn)", () => {
    expect(weight(m, 0, "apple")).toBe(0.7071067811865475);
    expect(weight(m, 0, "banana")).toBe(0.7071067811865475);
    expect(weight(m, 1, "apple")).toBe(0.8944271909999159);
    expect(weight(m, 1, "cherry")).toBe(0.4472135954999579);
    expect(weight(m, 2, "banana")).toBe(0.5264054336099155);
    expect(weight(m, 2, "cherry")).toBe(0.5264054336099155);
    expect(weight(m, 2, "durian")).toBe(0.6676785446095399);
  });
  it("cosine neighbours (empty document: none, and nobody's neighbour)", () => {
    const r = topKSync(m, [1, 2, 3, 4], 5);
    expect(neighboursOf(r, 0)).toEqual([
      { index: 1, sim: 0.6324555320336758 },
      { index: 2, sim: 0.3722248517590162 },
    ]);
    expect(neighboursOf(r, 1)).toEqual([
      { index: 0, sim: 0.6324555320336758 },
      { index: 2, sim: 0.23541566665540473 },
    ]);
    expect(neighboursOf(r, 2)).toEqual([
      { index: 0, sim: 0.3722248517590162 },
      { index: 1, sim: 0.23541566665540473 },
    ]);
    expect(neighboursOf(r, 3)).toEqual([]);
  });
  it("sorts the vocabulary like Python (code points, not UTF-16 units)", () => {
    expect(["\uff41", "\u{1d4b6}", "b"].sort(compareCodePoints)).toEqual(["b", "\uff41", "\u{1d4b6}"]);
  });
});

describe("crLog: correctly rounded ln for the idf", () => {
  it("matches mpmath where V8's Math.log is one ulp off", () => {
    // (n + 1) / (df + 1) for n = 4995; mpmath.log rounded to double
    expect(crLog(4996 / 91)).toBe(4.005533364728618);
    expect(crLog(4996 / 98)).toBe(3.9314253925748965);
    expect(crLog(4996 / 104)).toBe(3.8720019721040955);
    expect(crLog(2498)).toBe(7.823245690685523);
    expect(crLog(1)).toBe(0);
    expect(crLog(Math.E)).toBe(1);
  });
});

describe("topK: ranking rule", () => {
  it("breaks exact ties by lower id, whatever the row order", () => {
    // rows 1..7 are identical, so their similarities to row 0 are the same double
    const texts = ["alpha beta", "alpha gamma", "alpha gamma", "alpha gamma", "alpha gamma", "alpha gamma", "alpha gamma", "alpha gamma"];
    const ids = [100, 70, 30, 50, 10, 60, 20, 40];
    const m = buildTfidf(texts);
    const r = topKSync(m, ids, 5);
    const top0 = neighboursOf(r, 0);
    expect(top0.map((x) => ids[x.index])).toEqual([10, 20, 30, 40, 50]);
    expect(new Set(top0.map((x) => x.sim)).size).toBe(1);
    // identical rows: their mutual similarity beats the similarity to row 0
    expect(neighboursOf(r, 1).map((x) => ids[x.index])).toEqual([10, 20, 30, 40, 50]);
    expect(neighboursOf(r, 4).map((x) => ids[x.index])).toEqual([20, 30, 40, 50, 60]);
    expect(lists(r)).toEqual(lists(topKNaive(m, ids, 5)));
  });
  it("keeps only similarities > 0 and never the movie itself", () => {
    const m = buildTfidf(["red green", "blue yellow", "red", "", "blue"]);
    const r = topKSync(m, [1, 2, 3, 4, 5], 5);
    expect(neighboursOf(r, 0).map((x) => x.index)).toEqual([2]);
    expect(neighboursOf(r, 1).map((x) => x.index)).toEqual([4]);
    expect(neighboursOf(r, 3)).toEqual([]);
    for (let i = 0; i < 5; i++) for (const x of neighboursOf(r, i)) expect(x.sim).toBeGreaterThan(0);
    expect(Array.from(r.idx.subarray(15, 20))).toEqual([-1, -1, -1, -1, -1]);
  });
  it("rejects duplicate ids", () => {
    expect(() => topKSync(buildTfidf(["a b", "c d"]), [1, 1], 5)).toThrow(/duplicate id/);
  });
});

function randomCorpus(seed: number, n: number, vocab: number): { texts: string[]; ids: number[] } {
  const rand = mulberry32(seed);
  const words = Array.from({ length: vocab }, (_, i) => `w${i.toString(36)}x`);
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = rand();
    if (u < 0.05)
      texts.push(""); // empty document
    else if (u < 0.1)
      texts.push("the and of"); // only stop words: empty row
    else if (u < 0.25 && i > 0)
      texts.push(texts[Math.floor(rand() * i)] as string); // duplicate
    else {
      const len = 1 + Math.floor(rand() * 10);
      // skewed word choice: a few very common words, many ties
      texts.push(Array.from({ length: len }, () => words[Math.floor(vocab * rand() ** 2)]).join(" "));
    }
  }
  const ids = Array.from({ length: n }, (_, i) => i * 7 + 3);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }
  return { texts, ids };
}

describe("topK: fast == naive, exactly", () => {
  it.each([
    [1, 60, 8, 5],
    [2, 150, 20, 5],
    [3, 200, 40, 3],
    [4, 120, 6, 8],
    [5, 300, 100, 5],
    [6, 90, 3, 1],
  ])("random corpus seed %i (n=%i, vocab=%i, k=%i)", (seed, n, vocab, k) => {
    const { texts, ids } = randomCorpus(seed, n, vocab);
    const m = buildTfidf(texts);
    const naive = topKNaive(m, ids, k);
    expect(lists(topKSync(m, ids, k))).toEqual(lists(naive));
    // the same with the rows cut into many accumulator blocks (a million rows use ~31)
    for (const blockRows of [1, 7, 64]) expect(lists(topKSync(m, ids, k, { blockRows }))).toEqual(lists(naive));
    // the corpora do have exact ties, at the k-th place too
    const wide = topKNaive(m, ids, k + 1);
    let ties = 0;
    for (let r = 0; r < n; r++) for (let q = 1; q < (wide.count[r] as number); q++) if (wide.sim[r * (k + 1) + q] === wide.sim[r * (k + 1) + q - 1]) ties++;
    expect(ties).toBeGreaterThan(0);
  });
});

describe("topK: worker threads", () => {
  it("gives exactly the single-thread result", async () => {
    const { texts, ids } = randomCorpus(11, 400, 30);
    const m = buildTfidf(texts, { shared: true });
    const single = topKSync(m, ids, 5);
    let progress = 0;
    const threaded = await topK(m, ids, 5, {
      threads: 2,
      chunkRows: 3,
      blockRows: 50,
      onProgress: (done, total) => {
        progress = done;
        expect(total).toBe(400);
      },
    });
    expect(lists(threaded)).toEqual(lists(single));
    expect(progress).toBe(400);
    // a matrix on ordinary ArrayBuffers is copied to shared memory
    expect(lists(await topK(buildTfidf(texts), ids, 5, { threads: 3, chunkRows: 7 }))).toEqual(lists(single));
  });
});

/** Texts shaped like the catalogue: a few words in half of all documents (genres), a long tail. */
function catalogueCorpus(seed: number, n: number): { texts: string[]; ids: number[] } {
  const rand = mulberry32(seed);
  const genres = ["drama", "comedy", "thriller", "action", "romance"];
  // overviews are mixed from a pool of "sentences", as in the real and synthetic data
  const sentences = Array.from({ length: 150 }, (_, s) =>
    Array.from({ length: 4 + (s % 6) }, () => `s${Math.floor(2000 * rand() ** 2).toString(36)}x`).join(" "),
  );
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = genres.filter(() => rand() < 0.45).join(" ");
    const title = `t${Math.floor(300 * rand()).toString(36)}y`;
    const over = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => sentences[Math.floor(rand() * sentences.length)]).join(" ");
    texts.push(rand() < 0.03 ? g : `${g} ${title} ${over}`);
  }
  return { texts, ids: Array.from({ length: n }, (_, i) => 1000 + ((i * 7919) % n)) };
}

describe("topK: pruning", () => {
  it("gives the exhaustive answer bit for bit while walking a fraction of the postings", () => {
    const { texts, ids } = catalogueCorpus(31, 900);
    const m = buildTfidf(texts);
    const fast = topKSync(m, ids, 5);
    const naive = topKNaive(m, ids, 5);
    expect(lists(fast)).toEqual(lists(naive));
    expect(lists(topKSync(m, ids, 5, { blockRows: 100 }))).toEqual(lists(naive));
    // the exhaustive search walks, for every row, every posting of every one of its terms
    let exhaustive = 0;
    for (const d of m.df) exhaustive += d * d;
    expect(fast.stats.postings).toBeGreaterThan(0);
    expect(fast.stats.postings).toBeLessThan(exhaustive / 3);
    // and scores few pairs exactly: a few times k per row, where every row shares a genre
    // word with about half of the others
    expect(fast.stats.exact).toBeLessThan(m.nRows * 4 * 5);
    expect(fast.stats.candidates).toBeLessThan((m.nRows * m.nRows) / 10);
  });
  it("keeps exact ties at the k-th place (lower id wins) on a corpus of duplicates", () => {
    const base = ["drama crime heist vault", "drama heist vault", "comedy drama vault"];
    const texts = Array.from({ length: 60 }, (_, i) => base[i % 3] as string);
    const ids = Array.from({ length: 60 }, (_, i) => 500 - i * 3);
    const m = buildTfidf(texts);
    const fast = topKSync(m, ids, 5);
    expect(lists(fast)).toEqual(lists(topKNaive(m, ids, 5)));
    // row 0's twins (every third row) all have similarity 1 to it: the five lowest ids win
    const twins = ids
      .filter((_, i) => i % 3 === 0 && i !== 0)
      .sort((a, b) => a - b)
      .slice(0, 5);
    expect(neighboursOf(fast, 0).map((x) => ids[x.index])).toEqual(twins);
  });
});

describe("topKRows: a sample's lists", () => {
  it("gives the listed rows exactly their lists from the whole search, and leaves the others empty", async () => {
    const { texts, ids } = catalogueCorpus(41, 500);
    const m = buildTfidf(texts);
    const all = topKSync(m, ids, 5);
    const rows = [0, 17, 123, 499, 250];
    const part = topKRows(m, ids, rows, 5);
    for (let r = 0; r < 500; r++) {
      if (rows.includes(r)) expect(neighboursOf(part, r)).toEqual(neighboursOf(all, r));
      else expect(part.count[r]).toBe(0);
    }
    // and computeNeighbours({ only }) is the same thing by movie id
    const docs = texts.map((text, i) => ({ id: ids[i] as number, text }));
    const only = new Set([ids[17] as number, ids[250] as number]);
    const res = await computeNeighbours(docs, 5, { only });
    const full = await computeNeighbours(docs, 5, { threads: 1 });
    for (const id of only) expect(neighbourList(res, rowOf(res, id))).toEqual(neighbourList(full, rowOf(full, id)));
    expect(() => topKRows(m, ids, [500], 5)).toThrow(/no row/);
  });
});

describe("computeNeighbours", () => {
  it("does not depend on the input order, and reports ids ascending", async () => {
    const { texts, ids } = randomCorpus(21, 250, 25);
    const docs = texts.map((text, i) => ({ id: ids[i] as number, text }));
    const a = await computeNeighbours(docs, 5, { threads: 1 });
    const b = await computeNeighbours([...docs].reverse(), 5, { threads: 2 });
    expect(Array.from(a.ids)).toEqual([...ids].sort((x, y) => x - y));
    expect(b.ids).toEqual(a.ids);
    expect(b.nbrIds).toEqual(a.nbrIds);
    expect(b.nbrSims).toEqual(a.nbrSims);
    expect(b.count).toEqual(a.count);
    expect(a.vocabSize).toBeGreaterThan(0);
    for (let r = 0; r < a.ids.length; r++) {
      const row = neighbourList(a, r);
      for (let q = 1; q < row.length; q++) {
        const prev = row[q - 1] as { id: number; sim: number };
        const cur = row[q] as { id: number; sim: number };
        expect(prev.sim > cur.sim || (prev.sim === cur.sim && prev.id < cur.id)).toBe(true);
      }
    }
  });
  it("reads each text once, lazily", async () => {
    const { texts, ids } = randomCorpus(22, 120, 20);
    const reads = new Array<number>(texts.length).fill(0);
    const docs = texts.map((text, i) => ({
      id: ids[i] as number,
      get text() {
        reads[i] = (reads[i] as number) + 1;
        return text;
      },
    }));
    const lazy = await computeNeighbours(docs, 5, { threads: 1 });
    expect(reads.every((c) => c === 1)).toBe(true);
    const eager = await computeNeighbours(
      texts.map((text, i) => ({ id: ids[i] as number, text })),
      5,
      { threads: 1 },
    );
    expect(lazy.nbrIds).toEqual(eager.nbrIds);
  });
  it("finds the obvious neighbours of a tiny catalogue", async () => {
    const docs = [
      { id: 862, text: movieText(["Animation", "Comedy", "Family"], "Toy Story", "Toys come to life when their owner leaves the room.") },
      { id: 863, text: movieText(["Animation", "Comedy", "Family"], "Toy Story 2", "The toys rescue Woody from a toy collector.") },
      { id: 949, text: movieText(["Action", "Crime", "Drama"], "Heat", "A thief and a detective face off in Los Angeles.") },
      { id: 11, text: movieText(["Adventure", "Action", "Science Fiction"], "Star Wars", "A farm boy joins a rebellion against an empire.") },
    ];
    const r = await computeNeighbours(docs);
    expect(Array.from(r.ids)).toEqual([11, 862, 863, 949]);
    expect(rowOf(r, 862)).toBe(1);
    expect(rowOf(r, 12)).toBe(-1);
    expect(neighbourList(r, rowOf(r, 862))[0]?.id).toBe(863);
    expect(neighbourList(r, 0).map((x) => x.id)).toEqual([949]);
  });
});
