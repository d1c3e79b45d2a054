// Reads a bundle from R2 (layout: src/shared/bundle.ts). Everything is checked against the hash
// that names it before it is used: a part that fails is a BundleRejected, and the reseed stops
// before anything readers see has changed.
import { z } from "zod";
import {
  BUNDLE_FORMAT, LATEST_KEY, partKey, type BundleManifest, type Cell, type KvPart, type LatestPointer,
} from "../shared/bundle.ts";
import type { Budget } from "./limits.ts";

export class BundleRejected extends Error {
  constructor(message: string, readonly object: string) {
    super(message);
  }
}

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
/** Table and column names end up in SQL: plain identifiers only, and never the reseed's own tables. */
const Ident = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);
const TableName = Ident.refine((n) => !/^(reseed_|sqlite_|d1_|_cf_)/i.test(n), "reserved table name");

const LatestSchema = z.object({ version: z.string().min(1), manifest: z.string().min(1), sha256: Sha, publishedAt: z.string() });
const ManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.string().min(1),
  builtAt: z.string(),
  counts: z.record(z.string(), z.number()),
  tables: z.array(z.object({
    name: TableName,
    columns: z.array(Ident).min(1),
    key: z.array(Ident).min(1),
    rows: z.number().int().nonnegative(),
    parts: z.array(Sha).min(1),
  }).refine((t) => t.key.every((k) => t.columns.includes(k)), "key columns must be columns")),
  kv: z.object({ parts: z.array(z.object({ sha256: Sha, keys: z.array(z.string().min(1)) })) }),
});

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The object's bytes, if its SHA-256 is the expected one. */
async function readVerified(r2: R2Bucket, budget: Budget, key: string, sha256: string): Promise<string> {
  budget.spendOps(1, `R2 get ${key}`);
  budget.r2Reads++;
  const obj = await r2.get(key);
  if (!obj) throw new BundleRejected(`${key} is missing from the bucket`, key);
  const bytes = await obj.arrayBuffer();
  const actual = await sha256Hex(bytes);
  if (actual !== sha256) throw new BundleRejected(`${key} fails its hash (sha256 ${actual.slice(0, 12)}…, expected ${sha256.slice(0, 12)}…)`, key);
  return new TextDecoder().decode(bytes);
}

function parseJson(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BundleRejected(`${key} is not valid JSON`, key);
  }
}

/** The `latest` pointer, or null when nothing was published yet. */
export async function readLatest(r2: R2Bucket, budget: Budget): Promise<LatestPointer | null> {
  budget.spendOps(1, "R2 get latest");
  budget.r2Reads++;
  const obj = await r2.get(LATEST_KEY);
  if (!obj) return null;
  const parsed = LatestSchema.safeParse(parseJson(await obj.text(), LATEST_KEY));
  if (!parsed.success) throw new BundleRejected(`${LATEST_KEY} is malformed: ${parsed.error.issues[0]?.message}`, LATEST_KEY);
  return parsed.data;
}

export async function readManifest(r2: R2Bucket, budget: Budget, latest: LatestPointer): Promise<BundleManifest> {
  const text = await readVerified(r2, budget, latest.manifest, latest.sha256);
  const parsed = ManifestSchema.safeParse(parseJson(text, latest.manifest));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BundleRejected(`${latest.manifest} is malformed: ${issue?.path.join(".")}: ${issue?.message}`, latest.manifest);
  }
  if (parsed.data.version !== latest.version) {
    throw new BundleRejected(`${latest.manifest} holds version ${parsed.data.version}, latest says ${latest.version}`, latest.manifest);
  }
  return parsed.data;
}

/** The rows of one bucket of one table, checked to be that bucket and that table's width. */
export async function readTablePart(
  r2: R2Bucket, budget: Budget, sha256: string, expect: { table: string; bucket: number; width: number },
): Promise<Cell[][]> {
  const key = partKey(sha256);
  const part = parseJson(await readVerified(r2, budget, key, sha256), key) as { table?: unknown; bucket?: unknown; rows?: unknown };
  const rows = part.rows;
  const ok = part.table === expect.table && part.bucket === expect.bucket && Array.isArray(rows) &&
    rows.every((r) => Array.isArray(r) && r.length === expect.width && r.every((c) => c === null || typeof c === "string" || typeof c === "number"));
  if (!ok) throw new BundleRejected(`${key} is not bucket ${expect.bucket} of ${expect.table}`, key);
  return rows as Cell[][];
}

export async function readKvPart(r2: R2Bucket, budget: Budget, sha256: string): Promise<Map<string, string>> {
  const key = partKey(sha256);
  const part = parseJson(await readVerified(r2, budget, key, sha256), key) as Partial<KvPart>;
  const entries = part.entries;
  if (!Array.isArray(entries) || !entries.every((e) => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string")) {
    throw new BundleRejected(`${key} is not a KV part`, key);
  }
  return new Map(entries);
}
