// End-to-end parity check of the recommender against scikit-learn.
// Usage: tsx etl/parity/run.ts [--jsonl movies.jsonl] [--ours neighbours.jsonl] [--sample N]
//          [--seed S] [--out DIR] [--threads N] [--k 5] [--method sparse|nn|nn-raw]
//          [--min 99.5] [--tol 1e-12] [--cr-idf]
// movies.jsonl: JSON lines {"id", "genres": [names], "title", "overview"} (cleaned movies).
// Without --jsonl it checks what the ETL wrote: seed/movies.jsonl against seed/neighbours.jsonl.
// With --jsonl and no --ours it computes our neighbours (computeNeighbours) first; with
// --sample, for the sampled movies only (each against all rows).
// The reference is etl/parity/sklearn_top5.py, run with /usr/bin/python3 on the same movies.
// --sample N: only N movies chosen at random (seeded by --seed, default 1) are compared, each
//   against all rows, with scikit-learn's NearestNeighbors(metric='cosine', algorithm='brute')
//   .kneighbors in its own order (--method nn-raw unless given): the check that scales to a
//   million movies, where the exhaustive reference is out of reach. Every difference is listed.
// Exits 1 when a difference is not a near-tie (similarities within --tol at every position)
// or when the identical share is below --min percent (default 99.5; 0 with --sample).
// --cr-idf: the Python side uses a correctly rounded log for the idf, as we do (numpy's SIMD
// log is the only source of 1e-16 differences), so similarities should be bit-identical.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../prng.ts";
import { movieText } from "../recommender/text.ts";
import { computeNeighbours, type NeighbourDoc, neighbourList } from "../recommender/topk.ts";
import { compareNeighbours, printReport, readNeighbours } from "./compare.ts";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const jsonl = arg("--jsonl") ?? "seed/movies.jsonl";
const oursArg = arg("--ours") ?? (arg("--jsonl") === undefined ? "seed/neighbours.jsonl" : undefined);
for (const f of [jsonl, oursArg]) {
  if (f !== undefined && !fs.existsSync(f)) {
    console.error(`parity: ${f} not found (run \`npm run etl\` first, or give --jsonl movies.jsonl)`);
    process.exit(2);
  }
}
const out = arg("--out") ?? fs.mkdtempSync(path.join(os.tmpdir(), "recommender-parity-"));
const k = Number(arg("--k") ?? 5);
const sampleArg = arg("--sample");
const sample = sampleArg === undefined ? undefined : Number(sampleArg);
// A sample is compared with kneighbors' own order, where exact ties come in no defined order:
// there only unexplained differences fail (listed one by one), not the identical share.
const min = Number(arg("--min") ?? (sample === undefined ? 99.5 : 0));
const tol = Number(arg("--tol") ?? 1e-12);
if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) {
  console.error(`parity: --sample must be a positive integer, got ${sampleArg}`);
  process.exit(2);
}
const method = arg("--method") ?? (sample === undefined ? "sparse" : "nn-raw");
const threadsArg = arg("--threads");
fs.mkdirSync(out, { recursive: true });

const t0 = performance.now();
const docs: NeighbourDoc[] = [];
const rl = readline.createInterface({ input: fs.createReadStream(jsonl, "utf8"), crlfDelay: Infinity });
for await (const line of rl) {
  if (line.trim() === "") continue;
  const m = JSON.parse(line) as { id: number; genres?: string[] | null; title?: string | null; overview?: string | null };
  // the text is only needed when we compute our side
  docs.push(oursArg === undefined ? { id: m.id, text: movieText(m.genres, m.title, m.overview) } : { id: m.id, text: "" });
}
const tRead = performance.now() - t0;

// The movies to compare: all, or a seeded random sample (partial Fisher-Yates over the ids).
let wanted: Set<number> | undefined;
const queryFile = path.join(out, "query-ids.txt");
if (sample !== undefined) {
  const all = docs.map((d) => d.id);
  const rand = mulberry32(Number(arg("--seed") ?? 1));
  const take = Math.min(sample, all.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand() * (all.length - i));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  wanted = new Set(all.slice(0, take));
  fs.writeFileSync(queryFile, [...wanted].join("\n") + "\n");
}

let oursFile: string;
if (oursArg !== undefined) {
  oursFile = oursArg;
  console.log(`ours:    ${oursFile} (${docs.length} movies, read ${(tRead / 1000).toFixed(2)}s)`);
} else {
  // With a sample, only the sampled movies are queried (each against all rows: what the ETL
  // computes for them, since a movie's list depends only on the catalogue).
  const res = await computeNeighbours(docs, k, { ...(threadsArg === undefined ? {} : { threads: Number(threadsArg) }), ...(wanted ? { only: wanted } : {}) });
  oursFile = path.join(out, "ours.jsonl");
  const fd = fs.openSync(oursFile, "w");
  res.ids.forEach((id, r) => {
    if (wanted === undefined || wanted.has(id)) fs.writeSync(fd, JSON.stringify({ id, top: neighbourList(res, r).map((x) => [x.id, x.sim]) }) + "\n");
  });
  fs.closeSync(fd);
  const tOurs = performance.now() - t0;
  console.log(
    `ours:    n=${res.ids.length} vocab=${res.vocabSize} nnz=${res.nnz} threads=${res.threads} ` +
      `read+text=${(tRead / 1000).toFixed(2)}s tfidf=${(res.timings.tfidfMs / 1000).toFixed(2)}s ` +
      `topk=${(res.timings.topkMs / 1000).toFixed(2)}s total=${(tOurs / 1000).toFixed(2)}s -> ${oursFile}`,
  );
}
docs.length = 0;

const skFile = path.join(out, "sklearn.jsonl");
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "sklearn_top5.py");
const pyArgs = [script, "--in", jsonl, "--out", skFile, "--k", String(k), "--method", method];
if (args.includes("--cr-idf")) pyArgs.push("--cr-idf");
if (wanted !== undefined) pyArgs.push("--query-ids", queryFile);
const t1 = performance.now();
const py = spawnSync("/usr/bin/python3", pyArgs, { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
const tPy = performance.now() - t1;
if (py.status !== 0) {
  console.error(py.stderr);
  console.error(`sklearn_top5.py failed (status ${py.status}); scikit-learn: apt-get install python3-sklearn`);
  process.exit(2);
}
console.log(`sklearn: ${py.stderr.trim().replace(/^sklearn_top5: /, "")} (wall ${(tPy / 1000).toFixed(2)}s) -> ${skFile}`);

const report = compareNeighbours(await readNeighbours(oursFile, wanted), await readNeighbours(skFile, wanted), tol, wanted === undefined ? 5 : Infinity);
if (wanted !== undefined) console.log(`sample: ${wanted.size} movies (seed ${arg("--seed") ?? 1}, ids in ${queryFile}), method ${method}`);
printReport(report, tol);
if (report.unexplained > 0 || report.onlyOurs > 0 || report.onlyTheirs > 0) {
  console.error(`parity: ${report.unexplained} differences are not near-ties within ${tol}; ${report.onlyOurs + report.onlyTheirs} movies missing on one side`);
  process.exit(1);
}
if (report.identicalPct < min) {
  console.error(`parity ${report.identicalPct.toFixed(3)}% < --min ${min}%`);
  process.exit(1);
}
