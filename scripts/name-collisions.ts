// Which names the matching rule of src/shared/normalize.ts makes equal that the previous rule
// (NFKD, strip marks, lower-case, collapse whitespace: no punctuation or apostrophe folding, no
// "Collection" suffix) kept apart: on any raw data, for every kind of name a route looks up.
//   npx tsx scripts/name-collisions.ts [RAW_DIR]      (default: RAW_DIR, data/raw or the sample)
// The README lists what it prints for the real data, and how each route answers such a name.
import { aliasKeys } from "../etl/build/aliases.ts";
import { buildCatalog, type Row } from "../etl/build/catalog.ts";
import { readDirectors, readMovies } from "../etl/read.ts";
import { EtlReport } from "../etl/report.ts";
import { resolveSources } from "../etl/sources.ts";
import { franchiseKey, normalizeName } from "../src/shared/normalize.ts";

/** The rule before issue 15, to compare with. */
const previousKey = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .trim();

export interface Collision {
  key: string;
  names: string[];
}

/** Groups of names whose new key is equal and whose previous keys differ. */
export function collisions(names: Iterable<string>, newKey: (s: string) => string): Collision[] {
  const byKey = new Map<string, Set<string>>();
  for (const n of names) {
    const k = newKey(n);
    const set = byKey.get(k) ?? new Set();
    set.add(n);
    byKey.set(k, set);
  }
  return [...byKey]
    .filter(([, set]) => new Set([...set].map(previousKey)).size > 1)
    .map(([key, set]) => ({ key, names: [...set].sort() }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

async function main() {
  const sources = resolveSources(process.argv[2]);
  const report = new EtlReport();
  const movies = await readMovies(sources.movies, report);
  const directors = await readDirectors(sources.credits, new Set(movies.map((m) => m.id)), report);
  for (const m of movies) m.directors = directors.get(m.id) ?? [];
  const { tables } = buildCatalog(movies, {});
  const rows = (name: string): Row[] => tables.find((t) => t.name === name)!.rows;
  const names = (table: string, column = "name") => rows(table).map((r) => String(r[column]));
  const kinds: [string, Collision[]][] = [
    [
      "titles (title routes, /recomendacion)",
      collisions(
        movies.map((m) => m.title),
        normalizeName,
      ),
    ],
    [
      "companies (/productoras_exitosas)",
      collisions(
        movies.flatMap((m) => m.companies.map((c) => c.name)),
        normalizeName,
      ),
    ],
    [
      "directors (/get_director)",
      collisions(
        movies.flatMap((m) => m.directors.map((d) => d.name)),
        normalizeName,
      ),
    ],
    ["franchises (/franquicia)", collisions(names("collections"), franchiseKey)],
    ["languages (/peliculas_idioma, dataset names)", collisions(names("languages"), normalizeName)],
    ["countries (/peliculas_pais, dataset names)", collisions(names("countries"), normalizeName)],
  ];
  console.log(`${sources.dir}: ${movies.length} movies`);
  for (const [kind, list] of kinds) {
    console.log(`\n${kind}: ${list.length} new collision(s)`);
    for (const c of list) console.log(`  "${c.key}": ${c.names.map((n) => JSON.stringify(n)).join(", ")}`);
  }
  // Alias keys (code, dataset, English and Spanish names) that two codes share: the first code keeps it.
  for (const kind of ["language", "country"] as const) {
    const table = kind === "language" ? "languages" : "countries";
    const owners = new Map<string, Set<string>>();
    for (const r of rows(table)) {
      const code = String(r.code);
      const spellings = aliasKeys(kind === "language" ? "language" : "region", code, String(r.name));
      for (const k of spellings) owners.set(k, (owners.get(k) ?? new Set()).add(code));
    }
    const shared = [...owners].filter(([, codes]) => codes.size > 1);
    console.log(`${kind} aliases shared by two codes: ${shared.length ? shared.map(([k, c]) => `"${k}" (${[...c].join(", ")})`).join("; ") : "none"}`);
  }
  // An empty key cannot be asked for (a name must have a letter or digit): say if any name has one.
  const empty = [...new Set([...movies.map((m) => m.title), ...names("companies"), ...names("directors")])].filter((n) => !normalizeName(n));
  console.log(`\nnames whose key is empty: ${empty.length ? empty.map((n) => JSON.stringify(n)).join(", ") : "none"}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
