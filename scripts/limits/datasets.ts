// The catalogues `npm run bench:limits` measures, and the edited copies its cron runs publish.
// Everything generated lives under .bench/ (git-ignored) and is rebuilt only when stale:
//   .bench/synth/n45000-s7-b0/            the synthetic catalogue (same cache as bench:etl)
//   .bench/limits/<dataset>/<variant>/raw   edited CSVs (credits.csv is a link to the base one)
//   .bench/limits/<dataset>/<variant>/seed  the ETL's output for that variant
// Variants form a chain, so each reseed step applies exactly one kind of edit:
//   base -> one-movie (one movie's runtime) -> meta-1pct (+1% of the movies: runtime, revenue,
//   votes) -> overview-1pct (+ the same 1%'s overview text).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { runEtl } from "../../etl/pipeline.ts";
import { readSeedManifest, type SeedManifest } from "../../etl/seed-manifest.ts";
import { CREDITS_FILE, MOVIES_FILE, REAL_RAW_DIR, resolveSources } from "../../etl/sources.ts";
import { seedStaleReason } from "../seed-state.ts";
import { log } from "./log.ts";

export const WORK = path.resolve(".bench/limits");

export interface Dataset {
  /** Short name, used in folder names and table titles. */
  name: string;
  /** Human description for the output. */
  label: string;
  rawDir: string;
}

export const VARIANTS = ["base", "one-movie", "meta-1pct", "overview-1pct"] as const;
export type Variant = (typeof VARIANTS)[number];

/** The real data (RAW_DIR or ../shared/data/raw), if present. */
export function realDataset(): Dataset | undefined {
  const dir = process.env.RAW_DIR ? path.resolve(process.env.RAW_DIR) : REAL_RAW_DIR;
  if (!fs.existsSync(path.join(dir, MOVIES_FILE))) return undefined;
  return { name: "real", label: `real data (${dir})`, rawDir: dir };
}

/** A synthetic catalogue of `movies` movies, generated once with ../shared/tools/synth-movies.mjs. */
export function syntheticDataset(movies: number, seed = 7): Dataset {
  const name = `n${movies}-s${seed}-b0`;
  const dir = path.resolve(".bench/synth", name);
  if (!fs.existsSync(path.join(dir, CREDITS_FILE))) {
    const tool = path.resolve(process.env.SYNTH_TOOL ?? "../shared/tools/synth-movies.mjs");
    if (!fs.existsSync(tool)) throw new Error(`synthetic data generator not found at ${tool} (set SYNTH_TOOL)`);
    const tmp = `${dir}.tmp-${process.pid}`;
    log(`generating ${movies.toLocaleString("en")} synthetic movies (seed ${seed}) -> ${path.relative(".", dir)}`);
    const r = spawnSync(process.execPath, [tool, "--movies", String(movies), "--seed", String(seed), "--bad-rate", "0", "--out", tmp], { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`synth-movies.mjs failed (status ${r.status})`);
    fs.renameSync(tmp, dir);
  }
  return { name: `${Math.round(movies / 1000)}k`, label: `${movies.toLocaleString("en")} synthetic movies (synth-movies.mjs --seed ${seed})`, rawDir: dir };
}

type Csv = { header: string[]; rows: string[][] };
const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** What one variant changes in the movies CSV of the variant before it. */
interface Edit {
  from: Variant | null;
  /** Rows (by their index among the valid, first-seen movies) this edit touches. */
  pick: (validIndex: number) => boolean;
  change: (row: string[], col: (name: string) => number) => void;
}

const ONE_PERCENT = (i: number) => i % 100 === 50;
const EDITS: Record<Exclude<Variant, "base">, Edit> = {
  "one-movie": {
    from: "base",
    pick: (i) => i === 0,
    change: (r, col) => (r[col("runtime")] = String(Number(r[col("runtime")] || 90) + 7)),
  },
  "meta-1pct": {
    from: "one-movie",
    pick: ONE_PERCENT,
    change: (r, col) => {
      r[col("runtime")] = String(Number(r[col("runtime")] || 90) + 3);
      r[col("revenue")] = String(Math.round(Number(r[col("revenue")] || 0) * 1.1) + 1000);
      r[col("vote_count")] = String(Number(r[col("vote_count")] || 0) + 1);
    },
  },
  "overview-1pct": {
    from: "meta-1pct",
    pick: ONE_PERCENT,
    // New words change TF-IDF weights corpus-wide (as a real overview rewrite does).
    change: (r, col) => (r[col("overview")] = `${r[col("overview")] ?? ""} A restored edition adds commentary from the surviving crew.`.trim()),
  },
};

/** The raw folder of a variant: the dataset's own for base, else an edited copy (made once). */
function variantRaw(ds: Dataset, variant: Variant): string {
  if (variant === "base") return ds.rawDir;
  const edit = EDITS[variant];
  const fromDir = variantRaw(ds, edit.from!);
  const dir = path.join(WORK, ds.name, variant, "raw");
  const marker = path.join(dir, "from.json");
  const fromStat = fs.statSync(path.join(fromDir, MOVIES_FILE));
  const source = JSON.stringify({ from: fromDir, size: fromStat.size, mtimeMs: Math.round(fromStat.mtimeMs) });
  if (fs.existsSync(marker) && fs.readFileSync(marker, "utf8") === source) return dir;

  log(`${ds.name}: writing the ${variant} edit of ${path.relative(".", fromDir) || fromDir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const [header, ...rows] = parse(fs.readFileSync(path.join(fromDir, MOVIES_FILE), "utf8"), { relax_column_count: true }) as string[][];
  const csv: Csv = { header: header!, rows };
  const col = (n: string) => csv.header.indexOf(n);
  const seen = new Set<string>();
  let valid = 0;
  let edited = 0;
  for (const r of csv.rows) {
    const id = r[col("id")] ?? "";
    // The rows the ETL keeps (docs/design.md rules 1-2), so every edit reaches the seed.
    const keeps = /^\d+$/.test(id) && /^\d{4}-\d{2}-\d{2}$/.test(r[col("release_date")] ?? "") && !seen.has(id);
    seen.add(id);
    if (!keeps) continue;
    if (edit.pick(valid++)) {
      edit.change(r, col);
      edited++;
    }
  }
  const out = fs.openSync(path.join(dir, MOVIES_FILE), "w");
  for (const r of [csv.header, ...csv.rows]) fs.writeSync(out, `${r.map(quote).join(",")}\n`);
  fs.closeSync(out);
  fs.symlinkSync(path.join(ds.rawDir, CREDITS_FILE), path.join(dir, CREDITS_FILE));
  fs.writeFileSync(path.join(dir, "edited.json"), JSON.stringify({ variant, movies: edited }));
  fs.writeFileSync(marker, source);
  return dir;
}

/** Movies a variant's edit touched (0 for base). */
export function editedMovies(ds: Dataset, variant: Variant): number {
  if (variant === "base") return 0;
  return (JSON.parse(fs.readFileSync(path.join(WORK, ds.name, variant, "raw", "edited.json"), "utf8")) as { movies: number }).movies;
}

/** The seed of a variant, built by the real ETL when missing or stale; returns its folder. */
export async function seedFor(ds: Dataset, variant: Variant): Promise<{ dir: string; manifest: SeedManifest }> {
  const sources = resolveSources(variantRaw(ds, variant));
  const dir = path.join(WORK, ds.name, variant, "seed");
  const stale = seedStaleReason(dir, sources);
  if (stale) {
    log(`${ds.name}/${variant}: ${stale}: ETL -> ${path.relative(".", dir)}`);
    fs.rmSync(dir, { recursive: true, force: true });
    await runEtl({ sources, outDir: dir, quiet: true });
  }
  return { dir, manifest: readSeedManifest(dir) };
}
