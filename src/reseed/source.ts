// Reads a bundle from R2 (layout: src/shared/bundle.ts). Every object is checked against the
// hash that names it before it is used: one that fails is a BundleRejected, and the reseed stops
// before anything readers see has changed. Part bodies are moved on as bytes, never parsed here
// (D1 unpacks them with json_each): parsing is what would cost the Worker CPU.

import { sha256Hex } from "../lib/sha256.ts";
import { BUNDLE_FORMAT, type BundleManifest, type DeltaManifest, kvPartValues, LATEST_KEY, type LatestPointer, partKey } from "../shared/bundle.ts";
import type { Budget } from "./limits.ts";

export class BundleRejected extends Error {
  constructor(
    message: string,
    readonly object: string,
  ) {
    super(message);
  }
}

// The shapes are checked by hand, not with zod: a zod schema's first parse in an isolate costs
// ~2.5 ms of CPU (measured in Node), and a cron run in a fresh isolate parses up to three of them
// inside the Free plan's 10 ms. Only what ends up in SQL or picks objects is checked field by
// field; the manifests are hash-verified against `latest`, which the publisher wrote.
class Malformed extends Error {}
const fail = (path: string, what: string): never => {
  throw new Malformed(`${path}: ${what}`);
};
function record(v: unknown, path: string): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(path, "expected an object");
}
function text(v: unknown, path: string, pattern?: RegExp): string {
  if (typeof v !== "string" || v === "") return fail(path, "expected a non-empty string");
  return !pattern || pattern.test(v) ? v : fail(path, `does not match ${pattern}`);
}
function list(v: unknown, path: string, min = 0): unknown[] {
  return Array.isArray(v) && v.length >= min ? v : fail(path, min ? `expected an array of at least ${min}` : "expected an array");
}
const SHA = /^[0-9a-f]{64}$/;
/** Table and column names end up in SQL: plain identifiers only, and never the reseed's own tables. */
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = /^(reseed_|sqlite_|d1_|_cf_)/i;

function checkTableShape(v: unknown, path: string): Record<string, unknown> {
  const t = record(v, path);
  if (RESERVED.test(text(t.name, `${path}.name`, IDENT))) fail(`${path}.name`, "reserved table name");
  const columns = list(t.columns, `${path}.columns`, 1).map((c, i) => text(c, `${path}.columns.${i}`, IDENT));
  const key = list(t.key, `${path}.key`, 1).map((c, i) => text(c, `${path}.key.${i}`, IDENT));
  if (!key.every((k) => columns.includes(k))) fail(`${path}.key`, "key columns must be columns");
  return t;
}
const checkParts = (v: unknown, path: string) => {
  list(v, path).forEach((p, i) => {
    text(record(p, `${path}.${i}`).sha256, `${path}.${i}.sha256`, SHA);
  });
};
const checkFormat = (v: unknown) => v === BUNDLE_FORMAT || fail("format", `expected ${BUNDLE_FORMAT}`);

function checkLatest(v: unknown): void {
  const l = record(v, "latest");
  text(l.version, "version");
  text(l.manifest, "manifest");
  text(l.sha256, "sha256", SHA);
  if (typeof l.publishedAt !== "string") fail("publishedAt", "expected a string");
  l.deltas ??= {};
  for (const [from, d] of Object.entries(record(l.deltas, "deltas"))) {
    text(record(d, `deltas.${from}`).key, `deltas.${from}.key`);
    text((d as Record<string, unknown>).sha256, `deltas.${from}.sha256`, SHA);
  }
}
function checkManifestHead(v: unknown): void {
  const m = record(v, "manifest");
  checkFormat(m.format);
  text(m.version, "version");
  list(m.tables, "tables").forEach((t, i) => {
    checkParts(checkTableShape(t, `tables.${i}`).parts, `tables.${i}.parts`);
  });
}
function checkDeltaHead(v: unknown): void {
  const d = record(v, "delta");
  checkFormat(d.format);
  if (typeof d.from !== "string" || typeof d.to !== "string") fail("from/to", "expected strings");
  text(d.toManifest, "toManifest", SHA);
  list(d.tables, "tables").forEach((t, i) => {
    checkTableShape(t, `tables.${i}`);
  });
  checkParts(d.parts, "parts");
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

/** A table or stage part as JSON text, bound to SQL as it is (./stage.ts says why text). */
export async function readPartText(r2: R2Bucket, budget: Budget, sha256: string): Promise<string> {
  const bytes = await readPart(r2, budget, sha256);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new BundleRejected(`part ${sha256.slice(0, 12)}… is not UTF-8 text`, partKey(sha256));
  }
}

function parseJson<T>(bytes: Uint8Array, key: string, check: (v: unknown) => void): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BundleRejected(`${key} is not valid JSON`, key);
  }
  try {
    check(value);
  } catch (err) {
    if (err instanceof Malformed) throw new BundleRejected(`${key} is malformed: ${err.message}`, key);
    throw err;
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
  return parseJson<LatestPointer>(bytes, LATEST_KEY, checkLatest);
}

export async function readManifest(r2: R2Bucket, budget: Budget, key: string, sha256: string, version: string): Promise<BundleManifest> {
  const m = parseJson<BundleManifest>(await readVerified(r2, budget, key, sha256), key, checkManifestHead);
  if (m.version !== version) throw new BundleRejected(`${key} holds version ${m.version}, expected ${version}`, key);
  return m;
}

export async function readDelta(r2: R2Bucket, budget: Budget, key: string, sha256: string, from: string, to: string): Promise<DeltaManifest> {
  const d = parseJson<DeltaManifest>(await readVerified(r2, budget, key, sha256), key, checkDeltaHead);
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
