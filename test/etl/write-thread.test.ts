// The write stage's worker thread (etl/write/write-thread.ts), on the bundled sample: a portable
// table (the link tables as columns, discover_lists, the search tables) written there is, byte
// for byte, the table written on the main thread; so is the KV step; and a table that fails
// there fails its write instead of hanging the stage.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogTables, type PortableTable } from "../../etl/build/catalog.ts";
import { movieDocs } from "../../etl/pipeline.ts";
import { readDirectors, readMovies } from "../../etl/read.ts";
import { computeNeighbours } from "../../etl/recommender/topk.ts";
import { EtlReport } from "../../etl/report.ts";
import { resolveSources } from "../../etl/sources.ts";
import { BundleStore } from "../../etl/write/bundle.ts";
import { SeedWriter } from "../../etl/write/seed.ts";
import { type WrittenTable, writeTable } from "../../etl/write/table.ts";
import { WriteThread } from "../../etl/write/write-thread.ts";
import type { CleanMovie } from "../../src/shared/types.ts";

const dirs: string[] = [];
/** A fresh seed folder (d1/) with its bundle store. */
function seedDir(): { tmp: string; store: BundleStore } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "write-thread-"));
  dirs.push(tmp);
  fs.mkdirSync(path.join(tmp, "d1"));
  return { tmp, store: new BundleStore(path.join(tmp, "bundle")) };
}
/** What a written table is, less where and how fast it was written. */
const content = ({ thread: _t, seconds: _s, ...rest }: WrittenTable) => rest;

describe("the write stage's worker thread", () => {
  let movies: CleanMovie[] = [];
  beforeAll(async () => {
    const sources = resolveSources(path.resolve("data/sample"));
    const report = new EtlReport();
    movies = await readMovies(sources.movies, report);
    const directors = await readDirectors(sources.credits, new Set(movies.map((m) => m.id)), report);
    for (const m of movies) m.directors = directors.get(m.id) ?? [];
  });
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it("writes the portable tables as the main thread does: same SQL part, same bundle parts", async () => {
    const here = seedDir();
    const local = catalogTables(movies).flatMap((t, i) => (t.portable ? [writeTable(here.tmp, here.store, t, i + 1)] : []));
    expect(local.map((t) => t.d1.table)).toEqual([
      ...["movie_countries", "movie_languages", "movie_directors"], // as columns
      ...["discover_lists", "search_words", "search_trigrams"],
    ]);
    expect(local.every((t) => t.rows > 0 && t.thread === 0)).toBe(true);

    const there = seedDir();
    const thread = new WriteThread({ tmp: there.tmp, storeDir: there.store.dir });
    // Fresh tables: a portable table's typed arrays move to the worker.
    const sent = catalogTables(movies).flatMap((t, i) => (t.portable ? [thread.write(t.portable(), i + 1)] : []));
    const remote = await Promise.all(sent);
    await thread.end();
    expect(remote.every((t) => t.thread !== 0)).toBe(true);
    expect(remote.map(content)).toEqual(local.map(content));
    for (const t of remote) {
      expect(fs.readFileSync(path.join(there.tmp, t.d1.file))).toEqual(fs.readFileSync(path.join(here.tmp, t.d1.file)));
      for (const p of t.bundle.parts) expect(there.store.has(`parts/${p.sha256}.json`)).toBe(true);
    }
  });

  it("writes the same seed whether the KV step runs there (explaining the neighbours first) or here", async () => {
    const sources = resolveSources(path.resolve("data/sample"));
    const res = await computeNeighbours(movieDocs(movies), 5, { threads: 1 });
    const table = { ids: res.ids, k: res.k, nbrIds: res.nbrIds, nbrSims: res.nbrSims, count: res.count };
    const seeds = await Promise.all(
      [true, false].map(async (thread) => {
        const out = path.join(seedDir().tmp, "seed");
        const seed = new SeedWriter(out);
        seed.startThread(movies, thread);
        seed.takeNeighbours(table, res.tfidf);
        seed.startKv(movies);
        seed.writeCatalog(movies);
        fs.mkdirSync(seed.folder("eda")); // the pipeline's EDA report goes there
        const manifest = await seed.finish(movies, sources);
        expect(seed.busy.worker > 0).toBe(thread);
        const read = (file: string) => fs.readFileSync(path.join(out, file), "utf8");
        return { version: manifest.version, kv: manifest.kv, recs: read("kv/recs.json"), neighbours: read("neighbours.jsonl") };
      }),
    );
    expect(seeds[0]).toEqual(seeds[1]);
    // Explained: every neighbour carries the terms it shares with the movie.
    const first = JSON.parse(seeds[0]!.recs)[0] as { value: string };
    const shard = Object.values(JSON.parse(first.value) as Record<string, { recs?: { terminos: string[] }[] }[]>).flat();
    expect(shard.some((m) => (m.recs?.length ?? 0) > 0 && m.recs!.every((r) => r.terminos.length > 0))).toBe(true);
  });

  it("fails the write of a table that cannot be written there (a duplicate key), and ends", async () => {
    const { tmp, store } = seedDir();
    const thread = new WriteThread({ tmp, storeDir: store.dir });
    const entry = { rowid: 7, name: "Heat", aliases: "", name_key: "heat", popularity: 1, year: 1995, genres: "[]" };
    const bad: PortableTable = { kind: "search_words", entries: [entry, entry] };
    await expect(thread.write(bad, 1)).rejects.toThrow(/duplicate key/);
    await expect(thread.kv).rejects.toThrow(/not given the KV step/);
    await thread.end();
  });
});
