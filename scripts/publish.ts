// `npm run publish`: uploads the seed's bundle (written by `npm run etl` into seed/bundle) to the
// R2 bucket the Worker's reseed reads (wrangler.toml SEEDS), with the delta from every version
// the Worker may hold — the live one, and the one published last — computed here, then points
// `latest` at it. The cron applies a delta a few parts per invocation; with nothing live, it
// loads the whole bundle instead (first load). Parts are content addressed: only ones the bucket
// lacks are uploaded, and `latest` goes last, once everything it names exists.
//
//   npm run publish -- --local [--persist-to .wrangler/state]   the local R2 of `npm start` / `wrangler dev`
//   npm run publish [-- --config <wrangler config>]             the real bucket (wrangler login)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sha256 } from "../etl/hash.ts";
import { computeDelta, type Delta } from "../etl/publish/delta.ts";
import { BundleStore, currentManifest } from "../etl/write/bundle.ts";
import {
  BUNDLE_FORMAT,
  type BundleManifest,
  LATEST_KEY,
  type LatestPointer,
  type ManifestHead,
  manifestKey,
  partKey,
  resolveManifest,
} from "../src/shared/bundle.ts";
import { WRANGLER_ENV, wrangler } from "./wrangler.ts";

/** Where a bundle goes: the local R2 (and D1) of `npm start`, or the deployed ones. */
interface Target {
  describe: string;
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  put(key: string, body: Buffer): Promise<void>;
  /** The version live in that D1 (null: empty). */
  liveVersion(): Promise<string | null>;
  close(): Promise<void>;
}

interface ProxyEnv {
  SEEDS: {
    get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
    head(key: string): Promise<unknown>;
    put(key: string, body: ArrayBuffer | Uint8Array, opts: { httpMetadata: { contentType: string } }): Promise<unknown>;
  };
  DB: { prepare(sql: string): { first<T>(): Promise<T | null> } };
}

const LIVE_VERSION_SQL = "SELECT value FROM dataset_meta WHERE key = 'version'";

/** Through the same Miniflare storage `wrangler dev --persist-to <dir>` uses (<dir>/v3): one process. */
export async function localTarget(persistTo: string, config = "wrangler.toml"): Promise<Target> {
  Object.assign(process.env, WRANGLER_ENV);
  const { getPlatformProxy } = await import("wrangler");
  const proxy = await getPlatformProxy<ProxyEnv>({ configPath: config, persist: { path: path.join(persistTo, "v3") }, remoteBindings: false });
  const { SEEDS, DB } = proxy.env;
  return {
    describe: `local R2 (${persistTo})`,
    async get(key) {
      const obj = await SEEDS.get(key);
      return obj ? Buffer.from(await obj.arrayBuffer()) : null;
    },
    has: async (key) => (await SEEDS.head(key)) !== null,
    async put(key, body) {
      await SEEDS.put(key, new Uint8Array(body), { httpMetadata: { contentType: "application/json" } });
    },
    // An unmigrated local database has no dataset_meta yet: nothing is live.
    liveVersion: () =>
      DB.prepare(LIVE_VERSION_SQL)
        .first<{ value: string }>()
        .then(
          (r) => r?.value ?? null,
          () => null,
        ),
    close: () => proxy.dispose(),
  };
}

/** One wrangler command per object (`--remote`); objects uploaded before are remembered locally. */
function remoteTarget(bucket: string, config: string): Target {
  const ledgerFile = ".wrangler/published-remote.json";
  const ledger: Record<string, string[]> = fs.existsSync(ledgerFile) ? JSON.parse(fs.readFileSync(ledgerFile, "utf8")) : {};
  const done = new Set(ledger[bucket] ?? []);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "movies-publish-"));
  const cfg = ["--config", config];
  return {
    describe: `R2 bucket ${bucket} (remote)`,
    async get(key) {
      const file = path.join(tmp, "get.json");
      try {
        wrangler(["r2", "object", "get", `${bucket}/${key}`, `--file=${file}`, "--remote", ...cfg], { quiet: true });
        return fs.readFileSync(file);
      } catch {
        return null; // absent (wrangler exits non-zero for a missing object)
      }
    },
    has: async (key) => done.has(key),
    async put(key, body) {
      const file = path.join(tmp, "put.json");
      fs.writeFileSync(file, body);
      wrangler(["r2", "object", "put", `${bucket}/${key}`, `--file=${file}`, "--content-type=application/json", "--remote", ...cfg], { quiet: true });
      if (key.startsWith("parts/")) {
        done.add(key);
        fs.writeFileSync(ledgerFile, JSON.stringify({ ...ledger, [bucket]: [...done] }));
      }
    },
    async liveVersion() {
      const out = wrangler(["d1", "execute", "DB", "--remote", "--json", `--command=${LIVE_VERSION_SQL}`, ...cfg], { quiet: true });
      const parsed = JSON.parse(out) as { results: { value: string }[] }[];
      return parsed[0]?.results[0]?.value ?? null;
    },
    close: async () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

/** The SEEDS bucket's name in the wrangler config (TOML or JSON). */
function configuredBucket(config: string): string {
  const text = fs.readFileSync(config, "utf8");
  if (config.endsWith(".json")) {
    const bucket = (JSON.parse(text) as { r2_buckets?: { binding: string; bucket_name: string }[] }).r2_buckets?.find((b) => b.binding === "SEEDS");
    if (bucket) return bucket.bucket_name;
  } else {
    const m = /\[\[r2_buckets\]\][^[]*?binding\s*=\s*"SEEDS"[^[]*?bucket_name\s*=\s*"([^"]+)"/s.exec(text);
    if (m) return m[1]!;
  }
  throw new Error(`${config} has no R2 bucket with binding SEEDS`);
}

export interface PublishResult {
  version: string;
  uploaded: number;
  present: number;
  deltas: Delta["manifest"][];
  skippedBases: string[];
}

/** The objects a manifest's head names: its part lists and its shard map. */
const listsOf = (head: ManifestHead) => [...head.parts, ...head.kv.parts, head.kv.map].map((l) => l.sha256);
/** The parts the lists name: table and KV parts. */
const partsOf = (m: BundleManifest) => [...m.tables.flatMap((t) => t.parts.map((p) => p.sha256)), ...m.kv.parts.map((p) => p.sha256)];

/** Publishes the store's current bundle to `target`; the store also receives the deltas. */
export async function publish(store: BundleStore, target: Target, log: (line: string) => void = () => {}): Promise<PublishResult> {
  const current = currentManifest(store.dir);
  if (!current) throw new Error(`${store.dir}/manifest.json not found: run \`npm run etl\` first`);
  const manifestText = store.read(manifestKey(current.version));
  const manifestSha = sha256(manifestText);
  const head = JSON.parse(manifestText.toString("utf8")) as ManifestHead;
  for (const hash of new Set(listsOf(head))) checkStored(store, hash);
  const manifest = store.manifest(head.version)!;
  for (const hash of new Set(partsOf(manifest))) checkStored(store, hash);

  const live = await target.liveVersion();
  const previousText = await target.get(LATEST_KEY);
  const previous = previousText ? (JSON.parse(previousText.toString("utf8")) as LatestPointer) : null;
  const bases = [...new Set([live, previous?.version])].filter((v): v is string => !!v && v !== manifest.version);
  log(`[publish] bundle ${manifest.version} -> ${target.describe}; live there: ${live ?? "nothing"}, published last: ${previous?.version ?? "nothing"}`);

  const readPart = async (hash: string) => {
    const key = partKey(hash);
    const body = store.has(key) ? store.read(key) : await target.get(key);
    if (!body) throw new Error(`part ${hash} is neither in ${store.dir} nor in ${target.describe}`);
    return body;
  };
  /** A base version's whole manifest, from the store or the bucket (null: neither has it in a format known here). */
  const baseManifest = async (version: string): Promise<BundleManifest | null> => {
    const text = store.has(manifestKey(version)) ? store.read(manifestKey(version)) : await target.get(manifestKey(version));
    if (!text) return null;
    const parsed = JSON.parse(text.toString("utf8")) as { format: number };
    // Format 2 (before the part lists) held every ref itself: it is the whole manifest already.
    if (parsed.format === 2) return { ...(parsed as unknown as BundleManifest), format: BUNDLE_FORMAT };
    if (parsed.format !== BUNDLE_FORMAT) return null;
    const h = parsed as ManifestHead;
    const objects = new Map<string, string>();
    for (const hash of listsOf(h)) objects.set(hash, (await readPart(hash)).toString("utf8"));
    return resolveManifest(h, (hash) => objects.get(hash)!);
  };
  const deltas: Delta[] = [];
  const skippedBases: string[] = [];
  for (const base of bases) {
    const from = await baseManifest(base);
    if (!from) {
      skippedBases.push(base);
      log(`  no manifest of ${base} here or in the bucket (in a format known here): no delta from it (a Worker holding it will report no_delta)`);
      continue;
    }
    const delta = await computeDelta(from, manifest, manifestSha, readPart, sha256);
    for (const p of delta.parts) store.putPart(p.text);
    store.putAt(delta.key, JSON.stringify(delta.manifest));
    deltas.push(delta);
    log(
      `  delta from ${base}: ${delta.manifest.rows} rows in ${delta.stage.length} parts, ${delta.manifest.kv.keys} new KV keys, ${delta.kv.retire.length} retired`,
    );
  }

  let uploaded = 0;
  let present = 0;
  const objects = [...new Set([...partsOf(manifest), ...listsOf(head), ...deltas.flatMap((d) => d.parts.map((p) => p.sha256))])];
  for (const hash of objects) {
    if (await target.has(partKey(hash))) {
      present++;
      continue;
    }
    await target.put(partKey(hash), store.read(partKey(hash)));
    uploaded++;
  }
  await target.put(manifestKey(manifest.version), manifestText);
  for (const d of deltas) await target.put(d.key, Buffer.from(JSON.stringify(d.manifest)));
  const latest: LatestPointer = {
    version: manifest.version,
    manifest: manifestKey(manifest.version),
    sha256: manifestSha,
    publishedAt: new Date().toISOString(),
    deltas: Object.fromEntries(deltas.map((d) => [d.manifest.from, { key: d.key, sha256: sha256(JSON.stringify(d.manifest)) }])),
  };
  await target.put(LATEST_KEY, Buffer.from(JSON.stringify(latest)));
  return { version: manifest.version, uploaded, present, deltas: deltas.map((d) => d.manifest), skippedBases };
}

/** A stored object must be there and match its hash before it is published. */
function checkStored(store: BundleStore, hash: string): void {
  if (!store.has(partKey(hash)) || sha256(store.read(partKey(hash))) !== hash)
    throw new Error(`bundle part ${hash} is missing or damaged: rebuild with \`npm run etl\``);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      local: { type: "boolean", default: false },
      seed: { type: "string", default: "seed" },
      "persist-to": { type: "string", default: ".wrangler/state" },
      config: { type: "string", default: "wrangler.toml" },
      bucket: { type: "string" },
    },
  });
  const t0 = performance.now();
  let target: Target | undefined;
  try {
    const store = new BundleStore(path.join(values.seed!, "bundle"));
    target = values.local
      ? await localTarget(values["persist-to"]!, values.config!)
      : remoteTarget(values.bucket ?? configuredBucket(values.config!), values.config!);
    const r = await publish(store, target, (l) => process.stderr.write(`${l}\n`));
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    process.stderr.write(`  ${r.uploaded} parts uploaded, ${r.present} already there; latest -> ${r.version} (${s}s)\n`);
    process.stderr.write(
      r.deltas.length || r.skippedBases.length
        ? "  the cron applies it within a few minutes (GET /version shows progress)\n"
        : "  nothing is live there yet: the cron loads it from scratch (GET /version shows progress)\n",
    );
  } catch (err) {
    process.stderr.write(`publish: ${(err as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await target?.close();
  }
}
