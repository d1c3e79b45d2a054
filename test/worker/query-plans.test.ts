// Every statement a route runs must use an index: EXPLAIN QUERY PLAN may show index SEARCHes,
// full-text (virtual table) scans and scans of one-row subqueries, but never a full SCAN of a
// real table. The plans are printed, so `npx vitest run --project worker query-plans` shows them.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { type DiscoverQuery, discoverPlan } from "../../src/db/discover.ts";
import { SQL } from "../../src/db/lookups.ts";
import { MOVIE_SQL } from "../../src/db/movies.ts";
import { SEARCH_SQL } from "../../src/db/search.ts";
import { suggestionSql } from "../../src/db/suggestions.ts";
import { kindRange } from "../../src/shared/search.ts";

async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

/** A full SCAN of a table or alias: not a virtual FTS table, subquery or constant row. */
const fullScan = (line: string) => /^SCAN \w+$/.test(line.trim());

const cases: [string, string, unknown[]][] = [
  ...Object.entries(SQL).map(([name, sql]): [string, string, unknown[]] => [`lookup ${name}`, sql, ["toy story"]]),
  ["/peliculas/{id}", MOVIE_SQL, [862]],
  [
    "suggestions (guarded by the title lookup)",
    suggestionSql(["words", "typos"], SQL.titles),
    ["toy stroy", ...kindRange("movie"), '"toy"* "stroy"*', '"toy" OR "str"'],
  ],
  ["/buscar", SEARCH_SQL, ['"toy"*', ...kindRange("movie", "company"), "toy"]],
];

describe("query plans", () => {
  it("the scan detector flags a real full scan", async () => {
    const lines = await plan("SELECT id FROM movies m WHERE m.overview LIKE ?1", ["%toy%"]);
    expect(lines.filter(fullScan)).toEqual(["SCAN m"]);
  });

  it.each(cases)("%s uses indexes only", async (name, sql, params) => {
    const lines = await plan(
      sql,
      params.slice(
        0,
        (sql.match(/\?\d/g) ?? []).reduce((n, p) => Math.max(n, Number(p.slice(1))), 0),
      ),
    );
    console.log(`${name}:\n  ${lines.join("\n  ")}`);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter(fullScan), lines.join("\n")).toEqual([]);
    // Sorting outside FTS5 would step (and count) every match; so would a rowid range FTS5 ignores.
    expect(lines.join("\n")).not.toMatch(/TEMP B-TREE/);
    for (const fts of lines.filter((l) => /VIRTUAL TABLE/.test(l))) expect(fts).toMatch(/INDEX \d+:M\d*></);
  });
});

// /descubrir's statements are generated per request (src/db/discover.ts): its plans are checked for
// the shapes of request it builds. Scans of its CTEs (cand, pick), of the list walk's co-routine
// (w), of json_each (j) and of subqueries are reads of rows already paid for; a SCAN of a table,
// or a sort inside a list walk (which would step the whole list), is not.
interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}
const DISCOVER: [string, Partial<DiscoverQuery>][] = [
  ["no filter", {}],
  ["one genre (a slice of its list)", { generos: ["Drama"], page: 7 }],
  ["a decade, by date", { anio_desde: 1990, anio_hasta: 1999, orden: "fecha" }],
  ["three decades, by title", { anio_desde: 1950, anio_hasta: 1979, orden: "titulo", direccion: "asc" }],
  ["issue 15's example", { generos: ["Animation"], anio_desde: 1990, anio_hasta: 1999, orden: "votos_promedio", votos_min: 100 }],
  [
    "every kind of filter",
    {
      generos: ["Drama", "16"],
      idioma: "en",
      pais: "us",
      productora: "pixar animation studios",
      franquicia: "toy story",
      director: "john lasseter",
      anio_desde: 1990,
      votos_min: 10,
      duracion_min: 60,
      duracion_max: 200,
      orden: "retorno",
      direccion: "asc",
    },
  ],
];
const ALLOWED_SCANS = /^SCAN (cand|pick|w|j VIRTUAL TABLE INDEX \d+:|\(subquery-\d+\)|CONSTANT ROW)$/;

/** The list walks of a plan (CO-ROUTINE w): for each, whether it seeks its list and the sorts inside it. */
async function listWalks(sql: string, params: unknown[]) {
  const rows = (
    await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<PlanRow>()
  ).results;
  // Constant subqueries a walk holds (the picked source) run once before it: they are not part of the walk.
  const constant = (r: PlanRow) => /^(SCALAR SUBQUERY|MATERIALIZE)/.test(r.detail);
  const children = (id: number): PlanRow[] => rows.filter((r) => r.parent === id && !constant(r)).flatMap((r) => [r, ...children(r.id)]);
  const walks = rows
    .filter((r) => r.detail === "CO-ROUTINE w")
    .map((w) => {
      const inside = children(w.id).map((r) => r.detail);
      return { seeks: inside.some((d) => /^SEARCH r USING PRIMARY KEY \(list=\? AND part>\?\)/.test(d)), sorts: inside.filter((d) => /TEMP B-TREE/.test(d)) };
    });
  return { rows, walks };
}

describe("/descubrir query plans", () => {
  it("the walk checker flags a sort inside a walk", async () => {
    const { walks } = await listWalks(
      "SELECT m.id FROM (SELECT j.value AS id FROM discover_lists r, json_each(r.ids) j WHERE r.list = ?1 AND r.part >= 0 ORDER BY j.value LIMIT 20) w JOIN movies m ON m.id = w.id",
      ["*:|popularidad.desc"],
    );
    expect(walks).toEqual([{ seeks: true, sorts: ["USE TEMP B-TREE FOR ORDER BY"] }]);
  });

  it.each(DISCOVER)("%s: seeks and list walks, no table scan, no sort inside a walk", async (_, partial) => {
    const q = { generos: [], orden: "popularidad", direccion: "desc", page: 1, ...partial } as DiscoverQuery;
    const plan = discoverPlan(q, { first: 1900, last: 2020 });
    for (const st of [plan.meta, plan.page]) {
      const { rows, walks } = await listWalks(st.sql, st.params);
      const scans = rows.map((r) => r.detail.trim()).filter((d) => d.startsWith("SCAN ") && !ALLOWED_SCANS.test(d));
      expect(scans, rows.map((r) => r.detail).join("\n")).toEqual([]);
      for (const w of walks) expect(w).toEqual({ seeks: true, sorts: [] });
      if (st === plan.page) expect(walks.length).toBeGreaterThan(0);
    }
  });
});
