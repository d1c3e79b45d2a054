// End-to-end parity check of the recommender against scikit-learn.
// Usage: tsx etl/parity/run.ts --jsonl movies.jsonl [--out DIR] [--threads N] [--k 5]
//          [--method sparse|nn] [--min 99.5] [--tol 1e-9] [--cr-idf]
// movies.jsonl: JSON lines {"id", "genres": [names], "title", "overview"} (cleaned movies).
// Writes DIR/ours.jsonl (computeNeighbours) and DIR/sklearn.jsonl (sklearn_top5.py, run with
// /usr/bin/python3), prints both timings and the comparison; exits 1 below --min percent.
// --cr-idf: the Python side uses a correctly rounded log for the idf, as we do (numpy's SIMD
// log is the only source of 1e-16 differences), so similarities should be bit-identical.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { movieText } from "../recommender/text.ts";
import { computeNeighbours, neighbourList, type NeighbourDoc } from "../recommender/topk.ts";
import { compareNeighbours, printReport, readNeighbours } from "./compare.ts";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const jsonl = arg("--jsonl");
if (jsonl === undefined) {
  console.error("usage: tsx etl/parity/run.ts --jsonl movies.jsonl [--out DIR] [--threads N] [--k 5] [--method sparse|nn] [--min 99.5] [--tol 1e-9] [--cr-idf]");
  process.exit(2);
}
const out = arg("--out") ?? fs.mkdtempSync(path.join(os.tmpdir(), "recommender-parity-"));
const k = Number(arg("--k") ?? 5);
const min = Number(arg("--min") ?? 99.5);
const tol = Number(arg("--tol") ?? 1e-9);
const threadsArg = arg("--threads");
fs.mkdirSync(out, { recursive: true });

const t0 = performance.now();
const docs: NeighbourDoc[] = [];
const rl = readline.createInterface({ input: fs.createReadStream(jsonl, "utf8"), crlfDelay: Infinity });
for await (const line of rl) {
  if (line.trim() === "") continue;
  const m = JSON.parse(line) as { id: number; genres?: string[] | null; title?: string | null; overview?: string | null };
  docs.push({ id: m.id, text: movieText(m.genres, m.title, m.overview) });
}
const tRead = performance.now() - t0;
const res = await computeNeighbours(docs, k, threadsArg === undefined ? {} : { threads: Number(threadsArg) });
const oursFile = path.join(out, "ours.jsonl");
const lines: string[] = [];
res.ids.forEach((id, r) => lines.push(JSON.stringify({ id, top: neighbourList(res, r).map((x) => [x.id, x.sim]) })));
fs.writeFileSync(oursFile, lines.join("\n") + "\n");
const tOurs = performance.now() - t0;
console.log(
  `ours:    n=${res.ids.length} vocab=${res.vocabSize} nnz=${res.nnz} threads=${res.threads} ` +
    `read+text=${(tRead / 1000).toFixed(2)}s tfidf=${(res.timings.tfidfMs / 1000).toFixed(2)}s ` +
    `topk=${(res.timings.topkMs / 1000).toFixed(2)}s total=${(tOurs / 1000).toFixed(2)}s -> ${oursFile}`,
);

const skFile = path.join(out, "sklearn.jsonl");
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "sklearn_top5.py");
const t1 = performance.now();
const py = spawnSync("/usr/bin/python3", [script, "--in", jsonl, "--out", skFile, "--k", String(k), "--method", arg("--method") ?? "sparse", ...(args.includes("--cr-idf") ? ["--cr-idf"] : [])], { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
const tPy = performance.now() - t1;
if (py.status !== 0) {
  console.error(py.stderr);
  console.error(`sklearn_top5.py failed (status ${py.status})`);
  process.exit(2);
}
console.log(`sklearn: ${py.stderr.trim().replace(/^sklearn_top5: /, "")} (wall ${(tPy / 1000).toFixed(2)}s) -> ${skFile}`);

const report = compareNeighbours(await readNeighbours(oursFile), await readNeighbours(skFile), tol);
printReport(report, tol);
if (report.identicalPct < min) {
  console.error(`parity ${report.identicalPct.toFixed(3)}% < --min ${min}%`);
  process.exit(1);
}
