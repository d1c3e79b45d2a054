import fs from "node:fs";
import { movieText } from "./etl/recommender/text.ts";
import { buildTfidf, sortedVocabulary } from "./etl/recommender/tfidf.ts";
const [jsonl, pre] = process.argv.slice(2) as [string, string];
const docs = fs.readFileSync(jsonl, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).sort((a, b) => a.id - b.id);
const t0 = performance.now();
const m = buildTfidf(docs.map((d) => movieText(d.genres, d.title, d.overview)));
console.log("tfidf ms", performance.now() - t0, m.nRows, m.nCols, m.indptr[m.nRows]);
const rd = (f: string, C: any) => { const b = fs.readFileSync(pre + f); return new C(b.buffer, b.byteOffset, b.byteLength / C.BYTES_PER_ELEMENT); };
const ip = rd(".indptr", Int32Array), ix = rd(".indices", Int32Array), dt = rd(".data", Float64Array), idf = rd(".idf", Float64Array);
const terms: string[] = JSON.parse(fs.readFileSync(pre + ".terms.json", "utf8"));
const voc = sortedVocabulary(m);
let bad = 0, badOrder = 0, badIdf = 0;
terms.forEach((t, i) => { if (voc.get(t) !== i) bad++; });
for (let c = 0; c < m.nCols; c++) if (m.idf[c] !== idf[voc.get(m.terms[c]!)!]) badIdf++;
for (let r = 0; r < m.nRows; r++) {
  if (ip[r + 1] !== m.indptr[r + 1]) { badOrder++; continue; }
  for (let e = m.indptr[r]!; e < m.indptr[r + 1]!; e++) {
    if (voc.get(m.terms[m.indices[e]!]!) !== ix[e]) badOrder++;
    else if (m.data[e] !== dt[e]) bad++;
  }
}
console.log({ vocab: terms.length, badVocabOrData: bad, badOrder, badIdf });
