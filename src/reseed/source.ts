// Reads a bundle from R2 (layout: src/shared/bundle.ts). Every object is checked against the
// hash that names it before it is used: one that fails is a BundleRejected, and the reseed stops
// before anything readers see has changed. Part bodies are moved on as bytes, never parsed here
// (D1 unpacks them with json_each): parsing is what would cost the Worker CPU. Refs to parts are
// read a part list at a time (PartList), only where a run works: what a run parses stays small
// at any catalogue size.

import { sha256Hex } from "../lib/sha256.ts";
import {
  BUNDLE_FORMAT,
  type DeltaManifest,
  type KvPartRef,
  kvPartValues,
  LATEST_KEY,
  type LatestPointer,
  type ListRef,
  type ManifestHead,
  type PartRef,
  partKey,
} from "../shared/bundle.ts";
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
// inside the Free plan's 10 ms. Only what ends up in SQL, picks objects or budgets a run is
// checked field by field; the manifests are hash-verified against `latest`, which the publisher
// wrote, and each part list against the manifest's ref.
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
function count(v: unknown, path: string): number {
  return Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fail(path, "expected a count");
}
function checkRef(v: unknown, path: string): Record<string, unknown> {
  const r = record(v, path);
  text(r.sha256, `${path}.sha256`, SHA);
  count(r.bytes, `${path}.bytes`);
  return r;
}
/** A head's list refs; returns the entries they hold in all. */
function checkLists(v: unknown, path: string): number {
  return list(v, path).reduce<number>((n, l, i) => n + count(checkRef(l, `${path}.${i}`).count, `${path}.${i}.count`), 0);
}
const checkFormat = (v: unknown) => v === BUNDLE_FORMAT || fail("format", `expected ${BUNDLE_FORMAT}`);

/** Entries of part lists. */
const checkPartRef = (v: unknown, path: string) => {
  count(checkRef(v, path).rows, `${path}.rows`);
};
const checkKvPartRef = (v: unknown, path: string) => {
  list(checkRef(v, path).keys, `${path}.keys`, 1).forEach((k, i) => {
    text(k, `${path}.keys.${i}`);
  });
};
const checkKey = (v: unknown, path: string) => {
  text(v, path);
};

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
  const parts = list(m.tables, "tables").reduce<number>((n, t, i) => n + count(checkTableShape(t, `tables.${i}`).partCount, `tables.${i}.partCount`), 0);
  if (checkLists(m.parts, "parts") !== parts) fail("parts", `the lists do not hold the tables' ${parts} parts`);
  const kv = record(m.kv, "kv");
  checkRef(kv.map, "kv.map");
  count(kv.keys, "kv.keys");
  checkLists(kv.parts, "kv.parts");
}
function checkDeltaHead(v: unknown): void {
  const d = record(v, "delta");
  checkFormat(d.format);
  if (typeof d.from !== "string" || typeof d.to !== "string") fail("from/to", "expected strings");
  text(d.toManifest, "toManifest", SHA);
  list(d.tables, "tables").forEach((t, i) => {
    checkTableShape(t, `tables.${i}`);
  });
  checkLists(d.parts, "parts");
  count(d.rows, "rows");
  const kv = record(d.kv, "kv");
  count(kv.keys, "kv.keys");
  checkLists(kv.parts, "kv.parts");
  checkLists([kv.retire], "kv.retire");
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

/** A manifest's head (its part lists are read where a run needs them: PartList). */
export async function readManifest(r2: R2Bucket, budget: Budget, key: string, sha256: string, version: string): Promise<ManifestHead> {
  const m = parseJson<ManifestHead>(await readVerified(r2, budget, key, sha256), key, checkManifestHead);
  if (m.version !== version) throw new BundleRejected(`${key} holds version ${m.version}, expected ${version}`, key);
  return m;
}

export async function readDelta(r2: R2Bucket, budget: Budget, key: string, sha256: string, from: string, to: string): Promise<DeltaManifest> {
  const d = parseJson<DeltaManifest>(await readVerified(r2, budget, key, sha256), key, checkDeltaHead);
  if (d.from !== from || d.to !== to) throw new BundleRejected(`${key} goes from ${d.from} to ${d.to}, expected ${from} to ${to}`, key);
  return d;
}

/**
 * One of a bundle's lists — a manifest's table or KV parts, a delta's stage or KV parts, the keys
 * it retires — read a list object at a time when an entry of it is first needed, each checked
 * against its ref's hash and entry by entry. Holds one list object at a time.
 */
export class PartList<T> {
  readonly length: number;
  /** Index of each list's first entry. */
  private readonly starts: number[] = [];
  private held: { list: number; entries: T[] } | null = null;

  constructor(
    private readonly r2: R2Bucket,
    private readonly budget: Budget,
    private readonly refs: ListRef[],
    private readonly check: (v: unknown, path: string) => void,
  ) {
    let n = 0;
    for (const r of refs) {
      this.starts.push(n);
      n += r.count;
    }
    this.length = n;
  }

  /** The list holding entry i. */
  private listOf(i: number): number {
    let lo = 0;
    let hi = this.refs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Whether entry i is at hand, or needs a list read (one subrequest). */
  has(i: number): boolean {
    return this.held !== null && this.held.list === this.listOf(i);
  }

  /** How many list reads entries [from, to) need, from here. */
  readsFor(from: number, to: number): number {
    if (from >= to) return 0;
    const first = this.listOf(from);
    return this.listOf(to - 1) - first + 1 - (this.held?.list === first ? 1 : 0);
  }

  async at(i: number): Promise<T> {
    if (i < 0 || i >= this.length) throw new RangeError(`entry ${i} of a list of ${this.length}`);
    const list = this.listOf(i);
    if (this.held?.list !== list) this.held = { list, entries: await this.read(list) };
    return this.held.entries[i - this.starts[list]!]!;
  }

  /** Every entry (a small list: the keys a delta retires, read once at its switch). */
  async all(): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(await this.at(i));
    return out;
  }

  private async read(n: number): Promise<T[]> {
    const ref = this.refs[n]!;
    const key = partKey(ref.sha256);
    return parseJson<T[]>(await readVerified(this.r2, this.budget, key, ref.sha256), key, (v) => {
      list(v, "list").forEach((e, i) => {
        this.check(e, String(i));
      });
      if ((v as unknown[]).length !== ref.count) fail("list", `expected ${ref.count} entries`);
    });
  }
}

export const partRefList = (r2: R2Bucket, budget: Budget, refs: ListRef[]) => new PartList<PartRef>(r2, budget, refs, checkPartRef);
export const kvPartRefList = (r2: R2Bucket, budget: Budget, refs: ListRef[]) => new PartList<KvPartRef>(r2, budget, refs, checkKvPartRef);
export const keyList = (r2: R2Bucket, budget: Budget, ref: ListRef) => new PartList<string>(r2, budget, [ref], checkKey);

/** A KV part's values by key (layout: kvPartValues in src/shared/bundle.ts). */
export function kvValues(bytes: Uint8Array, sha256: string): Map<string, Uint8Array> {
  try {
    return kvPartValues(bytes);
  } catch (err) {
    throw new BundleRejected(`${partKey(sha256)} is ${(err as Error).message}`, partKey(sha256));
  }
}
