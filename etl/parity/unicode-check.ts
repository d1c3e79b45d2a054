// One-off check: our Python-semantics text functions against Python itself, over every code
// point 0..0x10FFFF (\w, \s, str.lower() incl. Final_Sigma, re.sub clean-up, sklearn analyzer).
// Usage: tsx etl/parity/unicode-check.ts   (needs /usr/bin/python3 with python3-sklearn)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { isPythonSpace, isPythonWordChar, pythonLower, stripNonWord, tokenize } from "../recommender/text.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "unicode-check-")), "python.jsonl");
execFileSync("/usr/bin/python3", [path.join(here, "unicode_check.py"), out], { stdio: "inherit" });

interface Rec {
  lo: number;
  hi: number;
  doc: string;
  lower: string;
  cleaned: string;
  tokens: string[];
  word: number[];
  space: number[];
}
const failures: string[] = [];
let blocks = 0;
let tokens = 0;
const fail = (msg: string): void => {
  if (failures.push(msg) <= 20) console.error("MISMATCH", msg);
};
const firstDiff = (a: string, b: string): number => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
};
const rl = readline.createInterface({ input: fs.createReadStream(out, "utf8"), crlfDelay: Infinity });
for await (const line of rl) {
  const r = JSON.parse(line) as Rec;
  blocks++;
  const word = new Set(r.word);
  const space = new Set(r.space);
  for (let c = r.lo; c < r.hi; c++) {
    if (isPythonWordChar(c) !== word.has(c)) fail(`\\w U+${c.toString(16)}`);
    if (isPythonSpace(c) !== space.has(c)) fail(`\\s U+${c.toString(16)}`);
  }
  const lower = pythonLower(r.doc);
  if (lower !== r.lower) fail(`lower block ${r.lo.toString(16)} at ${firstDiff(lower, r.lower)}`);
  const cleaned = stripNonWord(r.doc);
  if (cleaned !== r.cleaned) fail(`clean block ${r.lo.toString(16)} at ${firstDiff(cleaned, r.cleaned)}`);
  const toks = tokenize(r.cleaned);
  tokens += toks.length;
  if (JSON.stringify(toks) !== JSON.stringify(r.tokens)) fail(`tokens block ${r.lo.toString(16)}`);
}
fs.rmSync(path.dirname(out), { recursive: true, force: true });
console.log(`${blocks} blocks (code points 0..10FFFF), ${tokens} tokens compared, ${failures.length} mismatches`);
process.exit(failures.length === 0 ? 0 : 1);
