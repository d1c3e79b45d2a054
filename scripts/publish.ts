// `npm run publish`: uploads seed/bundle (written by `npm run etl`) to the R2 bucket the Worker's
// reseed reads (wrangler.toml SEEDS), then points `latest` at it. Parts are content addressed,
// so only the ones no earlier bundle had are uploaded; `latest` goes last, when all it names exists.
//
//   npm run publish -- --local [--persist-to .wrangler/state]   the local R2 of `wrangler dev`
//   npm run publish                                            the real bucket (wrangler login)
import fs from "node:fs";
import path from "node:path";
import { sha256 } from "../etl/hash.ts";
import { parseArgs } from "node:util";
import { LATEST_KEY, manifestKey, partKey, type BundleManifest, type LatestPointer } from "../src/shared/bundle.ts";
import { WRANGLER_ENV, wrangler } from "./wrangler.ts";

const { values } = parseArgs({
  options: {
    local: { type: "boolean", default: false },
    seed: { type: "string", default: "seed" },
    "persist-to": { type: "string", default: ".wrangler/state" },
    bucket: { type: "string" },
  },
});

interface Upload { key: string; body: string }
/** The part of the R2 binding used here (Worker types are not loaded in Node scripts). */
interface LocalBucket {
  head(key: string): Promise<unknown>;
  put(key: string, body: string, opts: { httpMetadata: { contentType: string } }): Promise<unknown>;
}

/** Every object of the bundle, checked against its hash, with `latest` last. */
function bundleObjects(seedDir: string): { manifest: BundleManifest; parts: Upload[]; tail: Upload[] } {
  const dir = path.join(seedDir, "bundle");
  const manifestFile = path.join(dir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} not found: run \`npm run etl\` first`);
  const manifestText = fs.readFileSync(manifestFile, "utf8");
  const manifest: BundleManifest = JSON.parse(manifestText);
  const hashes = new Set([...manifest.tables.flatMap((t) => t.parts), ...manifest.kv.parts.map((p) => p.sha256)]);
  const parts = [...hashes].map((hash) => {
    const body = fs.readFileSync(path.join(dir, "parts", `${hash}.json`), "utf8");
    if (sha256(body) !== hash) throw new Error(`bundle part ${hash} does not match its hash: rebuild with \`npm run etl\``);
    return { key: partKey(hash), body };
  });
  const latest: LatestPointer = {
    version: manifest.version, manifest: manifestKey(manifest.version), sha256: sha256(manifestText), publishedAt: new Date().toISOString(),
  };
  return { manifest, parts, tail: [{ key: latest.manifest, body: manifestText }, { key: LATEST_KEY, body: JSON.stringify(latest) }] };
}

/** Through the same Miniflare storage `wrangler dev --persist-to <dir>` uses (<dir>/v3): one process. */
async function publishLocal(objects: ReturnType<typeof bundleObjects>, persistTo: string) {
  Object.assign(process.env, WRANGLER_ENV);
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy<{ SEEDS: LocalBucket }>({ persist: { path: path.join(persistTo, "v3") }, remoteBindings: false });
  try {
    let uploaded = 0;
    for (const o of objects.parts) {
      if (await proxy.env.SEEDS.head(o.key)) continue;
      await proxy.env.SEEDS.put(o.key, o.body, { httpMetadata: { contentType: "application/json" } });
      uploaded++;
    }
    for (const o of objects.tail) await proxy.env.SEEDS.put(o.key, o.body, { httpMetadata: { contentType: "application/json" } });
    return uploaded;
  } finally {
    await proxy.dispose();
  }
}

/** One `wrangler r2 object put --remote` per object; parts uploaded before are remembered locally. */
function publishRemote(objects: ReturnType<typeof bundleObjects>, bucket: string) {
  const ledgerFile = ".wrangler/published-remote.json";
  const ledger: Record<string, string[]> = fs.existsSync(ledgerFile) ? JSON.parse(fs.readFileSync(ledgerFile, "utf8")) : {};
  const done = new Set(ledger[bucket] ?? []);
  const tmp = fs.mkdtempSync(path.join(".wrangler", "publish-"));
  let uploaded = 0;
  const put = (o: Upload) => {
    const file = path.join(tmp, "object.json");
    fs.writeFileSync(file, o.body);
    wrangler(["r2", "object", "put", `${bucket}/${o.key}`, `--file=${file}`, "--content-type=application/json", "--remote"], { quiet: true });
  };
  try {
    for (const o of objects.parts) {
      if (done.has(o.key)) continue;
      put(o);
      done.add(o.key);
      uploaded++;
      fs.writeFileSync(ledgerFile, JSON.stringify({ ...ledger, [bucket]: [...done] }));
    }
    objects.tail.forEach(put);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return uploaded;
}

/** The SEEDS bucket's name in wrangler.toml. */
function configuredBucket(): string {
  const toml = fs.readFileSync("wrangler.toml", "utf8");
  const m = /\[\[r2_buckets\]\][^[]*?binding\s*=\s*"SEEDS"[^[]*?bucket_name\s*=\s*"([^"]+)"/s.exec(toml);
  if (!m) throw new Error("wrangler.toml has no [[r2_buckets]] binding SEEDS with a bucket_name");
  return m[1]!;
}

try {
  const t0 = performance.now();
  const objects = bundleObjects(values.seed!);
  const bucket = values.bucket ?? configuredBucket();
  const where = values.local ? `local R2 (${values["persist-to"]})` : `R2 bucket ${bucket} (remote)`;
  process.stderr.write(`[publish] bundle ${objects.manifest.version}: ${objects.parts.length} parts -> ${where}\n`);
  const uploaded = values.local ? await publishLocal(objects, values["persist-to"]!) : publishRemote(objects, bucket);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  process.stderr.write(`  ${uploaded} parts uploaded, ${objects.parts.length - uploaded} already there; latest -> ${objects.manifest.version} (${s}s)\n`);
} catch (err) {
  process.stderr.write(`publish: ${(err as Error).message}\n`);
  process.exit(1);
}
