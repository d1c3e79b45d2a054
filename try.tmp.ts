import fs from "node:fs";
import { movieText } from "./etl/recommender/text.ts";
import { buildTfidf } from "./etl/recommender/tfidf.ts";
import { topK, topKNaive, computeNeighbours } from "./etl/recommender/topk.ts";
const docs = fs.readFileSync(process.argv[2]!, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const texts = docs.map((d: any) => ({ id: d.id, text: movieText(d.genres, d.title, d.overview) }));
for (const threads of [1, 2]) {
  const r = await computeNeighbours(texts, 5, { threads });
  console.log(threads, r.timings, r.vocabSize, r.nnz, r.neighbours[0]);
}
if (process.argv[3] === "naive") {
  texts.sort((a: any, b: any) => a.id - b.id);
  const m = buildTfidf(texts.map((t: any) => t.text));
  const ids = texts.map((t: any) => t.id);
  let t0 = performance.now(); const a = await topK(m, ids, 5, { threads: 2 }); console.log("fast", performance.now() - t0);
  t0 = performance.now(); const b = topKNaive(m, ids, 5); console.log("naive", performance.now() - t0);
  let diff = 0; for (let i = 0; i < a.idx.length; i++) if (a.idx[i] !== b.idx[i] || a.sim[i] !== b.sim[i]) diff++;
  console.log("diff", diff);
}
