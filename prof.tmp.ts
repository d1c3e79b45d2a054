import fs from "node:fs";
import { movieText } from "./etl/recommender/text.ts";
import { buildTfidf } from "./etl/recommender/tfidf.ts";
import { buildKernelMatrix } from "./etl/recommender/topk.ts";
import { newState, scanRows } from "./etl/recommender/topk-kernel.ts";
const docs = fs.readFileSync(process.argv[2]!, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)).sort((a: any, b: any) => a.id - b.id);
const m = buildTfidf(docs.map((d: any) => movieText(d.genres, d.title, d.overview)));
const km = buildKernelMatrix(m); const n = m.nRows;
const ids = Int32Array.from(docs.map((d: any) => d.id));
const { indptr, indices, data, colptr, cscRows, cscData, cscPos } = km;
const lim = Number(process.argv[3] ?? n);
function accOnly(acc: Float64Array, touched: Int32Array) {
  let tot = 0;
  for (let i = 0; i < lim; i++) {
    let nt = 0;
    for (let e = indptr[i]!; e < indptr[i + 1]!; e++) {
      const w = data[e]!; const end = colptr[indices[e]! + 1]!;
      for (let p = cscPos[e]! + 1; p < end; p++) { const j = cscRows[p]!; const v = acc[j]!; if (v === 0) touched[nt++] = j; acc[j] = v + w * cscData[p]!; }
    }
    for (let q = 0; q < nt; q++) { tot += acc[touched[q]!]!; acc[touched[q]!] = 0; }
  }
  return tot;
}
function accNoBranch(acc: Float64Array) {
  for (let i = 0; i < lim; i++) {
    for (let e = indptr[i]!; e < indptr[i + 1]!; e++) {
      const w = data[e]!; const end = colptr[indices[e]! + 1]!;
      for (let p = cscPos[e]! + 1; p < end; p++) { const j = cscRows[p]!; acc[j] = acc[j]! + w * cscData[p]!; }
    }
  }
}
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let c0 = cpu(); accOnly(new Float64Array(n), new Int32Array(n)); console.log("acc+touched+reset", (cpu() - c0).toFixed(0));
c0 = cpu(); accNoBranch(new Float64Array(n)); console.log("acc nobranch", (cpu() - c0).toFixed(0));
c0 = cpu(); const st = newState(n, 5); scanRows(km, ids, st, new Float64Array(n), new Int32Array(n), 0, lim); console.log("full", (cpu() - c0).toFixed(0));
