// Loads seed/ into the local D1 and KV that `npm start` (and `wrangler dev`) serve from
// (.wrangler/state): schema migrations, then the data in one SQL file (old rows deleted first),
// then the KV shards.
// The same steps with --remote instead of --local load a deployed database (see README).
import fs from "node:fs";
import path from "node:path";
import { sha256 } from "../etl/hash.ts";
import { readSeedManifest } from "../etl/seed-manifest.ts";
import { BundleStore } from "../etl/write/bundle.ts";
import { fullLoadStateSql } from "./full-load-state.ts";
import { localTarget, publish } from "./publish.ts";
import { wrangler } from "./wrangler.ts";
import { localStorageIdentity } from "./wrangler-config.ts";

export const LOADED_MARKER = ".wrangler/loaded-seed.json";

/** The schema migrations a load applies: a new or edited one means the load is stale. */
const migrationFiles = () => {
  const files = fs
    .readdirSync("migrations")
    .filter((f) => f.endsWith(".sql"))
    .sort();
  return sha256(files.map((f) => `${f}\n${fs.readFileSync(path.join("migrations", f), "utf8")}`).join("\n"));
};

/**
 * The seed version the local D1 + KV hold, per the marker the last load wrote; undefined when the
 * schema migrations changed since, or when wrangler.toml now points at other local stores (e.g.
 * its ids were removed: the stores are then keyed by binding name and start empty).
 */
export function loadedVersion(): string | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(LOADED_MARKER, "utf8"));
    const same = marker.migrations === migrationFiles() && marker.storage === localStorageIdentity();
    return same ? marker.version : undefined;
  } catch {
    return undefined;
  }
}

/** `persistTo`: a private local state folder (wrangler --persist-to) instead of .wrangler/state. */
export async function loadLocal(seedDir = "seed", opts: { persistTo?: string } = {}): Promise<{ seconds: number; version: string }> {
  const t0 = performance.now();
  const local = opts.persistTo ? ["--local", `--persist-to=${opts.persistTo}`] : ["--local"];
  const manifest = readSeedManifest(seedDir);
  process.stderr.write(`[load] seed ${manifest.version} -> local D1 + KV\n`);

  process.stderr.write("  D1 migrations\n");
  wrangler(["d1", "migrations", "apply", "DB", ...local], { quiet: true });

  const sqlFile = path.resolve(opts.persistTo ?? ".wrangler/tmp", "seed-load.sql");
  fs.mkdirSync(path.dirname(sqlFile), { recursive: true });
  const out = fs.openSync(sqlFile, "w");
  // Parts come in dependency order: delete in reverse so a reload replaces everything.
  for (const part of [...manifest.d1].reverse()) fs.writeSync(out, `DELETE FROM ${part.table};\n`);
  for (const part of manifest.d1) fs.writeSync(out, fs.readFileSync(path.join(seedDir, part.file)));
  fs.writeSync(out, fullLoadStateSql(seedDir)); // the scheduled reseed diffs against this load
  fs.closeSync(out);
  const statements = manifest.d1.reduce((n, p) => n + p.statements, 0);
  process.stderr.write(`  D1 data: ${manifest.d1.length} tables, ${statements} INSERT statements\n`);
  wrangler(["d1", "execute", "DB", ...local, `--file=${sqlFile}`], { quiet: true });

  process.stderr.write(`  KV: ${manifest.kv.keys} recommendation shards\n`);
  wrangler(["kv", "bulk", "put", path.join(seedDir, manifest.kv.file), "--binding=RECS", ...local], { quiet: true });

  // The local R2 gets the loaded bundle too, as `latest`: whatever seed folder a later
  // `npm run publish -- --local` comes from, it finds the live version's parts to diff against.
  process.stderr.write("  R2: the loaded bundle (the base of later deltas)\n");
  const target = await localTarget(opts.persistTo ?? ".wrangler/state");
  try {
    await publish(new BundleStore(path.join(seedDir, "bundle")), target);
  } finally {
    await target.close();
  }

  if (!opts.persistTo) {
    fs.writeFileSync(
      LOADED_MARKER,
      JSON.stringify({
        version: manifest.version,
        migrations: migrationFiles(),
        storage: localStorageIdentity(),
        loadedAt: new Date().toISOString(),
      }),
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(`  loaded in ${seconds.toFixed(1)}s\n`);
  return { seconds, version: manifest.version };
}

if (import.meta.url === `file://${process.argv[1]}`) await loadLocal(process.argv[2]);
