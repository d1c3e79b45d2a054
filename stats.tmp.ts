import fs from "node:fs";
import { movieText } from "./etl/recommender/text.ts";
import { buildTfidf } from "./etl/recommender/tfidf.ts";
const docs = fs.readFileSync(process.argv[2]!, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).sort((a: any, b: any) => a.id - b.id);
const m = buildTfidf(docs.map((d: any) => movieText(d.genres, d.title, d.overview)));
let post = 0; const dfs = Array.from(m.df).sort((a, b) => b - a);
for (const d of dfs) post += d * (d - 1) / 2;
console.log("n", m.nRows, "nnz", m.indptr[m.nRows], "postings visited", post.toExponential(3), "pairs max", (m.nRows * (m.nRows - 1) / 2).toExponential(3));
console.log("top dfs", dfs.slice(0, 15).join(" "), "top terms", Array.from(m.df).map((d, t) => [d, m.terms[t]] as const).sort((a, b) => b[0] - a[0]).slice(0, 15).map((x) => x[1]).join(" "));
let top20 = 0; for (const d of dfs.slice(0, 20)) top20 += d * (d - 1) / 2; console.log("share of top 20 terms", (top20 / post).toFixed(3));
// pairs touched
const dense = new Uint8Array(m.nRows); let pairs = 0;
// colptr
const cols: number[][] = Array.from({ length: m.nCols }, () => []);
for (let i = 0; i < m.nRows; i++) for (let e = m.indptr[i]!; e < m.indptr[i + 1]!; e++) cols[m.indices[e]!]!.push(i);
for (let i = 0; i < m.nRows; i += 10) { const seen: number[] = []; for (let e = m.indptr[i]!; e < m.indptr[i + 1]!; e++) for (const j of cols[m.indices[e]!]!) if (j > i && !dense[j]) { dense[j] = 1; seen.push(j); } pairs += seen.length; for (const j of seen) dense[j] = 0; }
console.log("pairs touched (est)", (pairs * 10).toExponential(3));
