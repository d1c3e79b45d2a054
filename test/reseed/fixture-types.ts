// The shape of the reseed tests' fixture: built in Node (test/reseed-fixture.ts), handed to the
// Workers runtime as the binding TEST_RESEED (vitest.config.ts).

export const BUNDLES = ["v1", "v2", "v3"] as const;
/** The fixture's part lists: a few refs each (the ETL's are ~16 KB), so a small bundle spans several. */
export const FIXTURE_LIST_BYTES = 512;
export type BundleName = (typeof BUNDLES)[number];

export interface FixtureBundle {
  version: string;
  manifestKey: string;
  manifestSha: string;
  /** Movies the edit changed. */
  editedIds: number[];
}

export interface ReseedFixture {
  /** Every object of every bundle and delta (parts, manifests, deltas), by R2 key. */
  objects: Record<string, string>;
  bundles: Record<BundleName, FixtureBundle>;
  /** The delta between two versions ("v1-v2"): its R2 key and the sha256 `latest` names it by. */
  deltas: Record<string, { key: string; sha256: string }>;
  /** v1 as a full load would write it (scripts/load-local.ts): SQL statements, KV entries, and the state SQL. */
  v1Load: { sql: string[]; kv: { key: string; value: string }[]; stateSql: string[] };
  /** The movie v2 edits, and its runtime before and after. */
  edited: { id: number; title: string; runtime: { before: number; after: number } };
}
