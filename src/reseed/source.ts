// Reads a bundle from R2 (layout: src/shared/bundle.ts). Every object is checked against the
// hash that names it before it is used: one that fails is a BundleRejected, and the reseed stops
// before anything readers see has changed. Part bodies are moved on as bytes, never parsed here
// (D1 unpacks them with json_each): parsing is what would cost the Worker CPU.
import { z } from "zod";
import { BUNDLE_FORMAT, kvPartValues, LATEST_KEY, partKey, type BundleManifest, type DeltaManifest, type LatestPointer } from "../shared/bundle.ts";
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

const LatestSchema = z.object({
  version: z.string().min(1), manifest: z.string().min(1), sha256: Sha, publishedAt: z.string(),
  deltas: z.record(z.string(), z.object({ key: z.string().min(1), sha256: Sha })).default({}),
});
// Only what ends up in SQL or picks objects is checked field by field; the manifests are
// hash-verified against `latest`, which the publisher wrote.
const TableShape = z.object({ name: TableName, columns: z.array(Ident).min(1), key: z.array(Ident).min(1) })
  .refine((t) => t.key.every((k) => t.columns.includes(k)), "key columns must be columns");
const ManifestHead = z.object({ format: z.literal(BUNDLE_FORMAT), version: z.string().min(1), tables: z.array(TableShape.and(z.object({ parts: z.array(z.object({ sha256: Sha })) }))) });
const DeltaHead = z.object({ format: z.literal(BUNDLE_FORMAT), from: z.string(), to: z.string(), toManifest: Sha, tables: z.array(TableShape), parts: z.array(z.object({ sha256: Sha })) });

async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  let hex = "";
  for (const b of digest) hex += (b < 16 ? "0" : "") + b.toString(16);
  return hex;
}

/** The object's bytes, if its SHA-256 is the expected one. */
export async function readVerified(r2: R2Bucket, budget: Budget, key: string, sha256: string): Promise<Uint8Array> {
  budget.spend(1, `R2 get ${key}`);
  budget.r2Reads++;
  const obj = await r2.get(key);
  if (!obj) throw new BundleRejected(`${key} is missing from the bucket`, key);
  const bytes = new Uint8Array(await obj.arrayBuffer());
  budget.bytesRead += bytes.byteLength;
  const actual = await sha256Hex(bytes);
  if (actual !== sha256) throw new BundleRejected(`${key} fails its hash (sha256 ${actual.slice(0, 12)}…, expected ${sha256.slice(0, 12)}…)`, key);
  return bytes;
}

export function readPart(r2: R2Bucket, budget: Budget, sha256: string): Promise<Uint8Array> {
  budget.partsRead++;
  return readVerified(r2, budget, partKey(sha256), sha256);
}

function parseJson<T>(bytes: Uint8Array, key: string, schema: z.ZodType): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BundleRejected(`${key} is not valid JSON`, key);
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new BundleRejected(`${key} is malformed: ${issue?.path.join(".")}: ${issue?.message}`, key);
  }
  return value as T;
}

/** The `latest` pointer, or null when nothing was published yet. */
export async function readLatest(r2: R2Bucket, budget: Budget): Promise<LatestPointer | null> {
  budget.spend(1, "R2 get latest");
  budget.r2Reads++;
  const obj = await r2.get(LATEST_KEY);
  if (!obj) return null;
  const bytes = new Uint8Array(await obj.arrayBuffer());
  return parseJson<LatestPointer>(bytes, LATEST_KEY, LatestSchema);
}

export async function readManifest(r2: R2Bucket, budget: Budget, key: string, sha256: string, version: string): Promise<BundleManifest> {
  const m = parseJson<BundleManifest>(await readVerified(r2, budget, key, sha256), key, ManifestHead);
  if (m.version !== version) throw new BundleRejected(`${key} holds version ${m.version}, expected ${version}`, key);
  return m;
}

export async function readDelta(r2: R2Bucket, budget: Budget, key: string, sha256: string, from: string, to: string): Promise<DeltaManifest> {
  const d = parseJson<DeltaManifest>(await readVerified(r2, budget, key, sha256), key, DeltaHead);
  if (d.from !== from || d.to !== to) throw new BundleRejected(`${key} goes from ${d.from} to ${d.to}, expected ${from} to ${to}`, key);
  return d;
}

/** A KV part's values by key (layout: kvPartValues in src/shared/bundle.ts). */
export function kvValues(bytes: Uint8Array, sha256: string): Map<string, Uint8Array> {
  try {
    return kvPartValues(bytes);
  } catch (err) {
    throw new BundleRejected(`${partKey(sha256)} is ${(err as Error).message}`, partKey(sha256));
  }
}
