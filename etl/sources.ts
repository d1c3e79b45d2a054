// Where the raw CSVs come from: RAW_DIR if set, else data/raw/, else the project's own
// hand-written sample (data/sample/), so a fresh clone runs without downloading anything.
import fs from "node:fs";
import path from "node:path";

export const MOVIES_FILE = "movies_dataset.csv";
export const CREDITS_FILE = "credits.csv";
export const SAMPLE_DIR = path.resolve("data/sample");
/**
 * The real data that tests, benchmarks and the browser tests use when it is there: REAL_RAW_DIR,
 * else the workplace's ../shared/data/raw (never copied into the repository).
 */
export const REAL_RAW_DIR = path.resolve(process.env.REAL_RAW_DIR ?? "../shared/data/raw");

export interface Sources {
  dir: string;
  movies: string;
  credits: string;
  isSample: boolean;
}

export function resolveSources(rawDir = process.env.RAW_DIR): Sources {
  const dir = rawDir ? path.resolve(rawDir) : fs.existsSync(path.resolve("data/raw", MOVIES_FILE)) ? path.resolve("data/raw") : SAMPLE_DIR;
  return { dir, movies: path.join(dir, MOVIES_FILE), credits: path.join(dir, CREDITS_FILE), isSample: dir === SAMPLE_DIR };
}

/** What the seed was built from: if any of this changes, the seed is stale. */
export function inputFingerprint(src: Sources): Record<string, unknown> {
  const stat = (f: string) => {
    const s = fs.statSync(f, { throwIfNoEntry: false });
    return s ? { path: f, size: s.size, mtimeMs: Math.round(s.mtimeMs) } : { path: f, missing: true };
  };
  return { movies: stat(src.movies), credits: stat(src.credits) };
}
