// Every statement a route runs must use an index: EXPLAIN QUERY PLAN may show index SEARCHes,
// full-text (virtual table) scans and scans of one-row subqueries, but never a full SCAN of a
// real table. The plans are printed, so `npx vitest run --project worker query-plans` shows them.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SQL } from "../../src/db/catalog.ts";
import { MOVIE_SQL } from "../../src/db/movies.ts";
import { SEARCH_SQL } from "../../src/db/search.ts";
import { suggestionSql } from "../../src/db/suggestions.ts";
import { kindRange } from "../../src/shared/search.ts";

async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

/** A full SCAN of a table or alias: not a virtual FTS table, subquery or constant row. */
const fullScan = (line: string) => /^SCAN \w+$/.test(line.trim());

const cases: [string, string, unknown[]][] = [
  ...Object.entries(SQL).map(([name, sql]): [string, string, unknown[]] => [`lookup ${name}`, sql, ["toy story"]]),
  ["/peliculas/{id}", MOVIE_SQL, [862]],
  ["suggestions (guarded by the title lookup)", suggestionSql(["words", "typos"], SQL.titles), ["toy stroy", ...kindRange("movie"), '"toy"* "stroy"*', '"toy" OR "str"']],
  ["/buscar", SEARCH_SQL, ['"toy"*', ...kindRange("movie", "company"), "toy"]],
];

describe("query plans", () => {
  it("the scan detector flags a real full scan", async () => {
    const lines = await plan("SELECT id FROM movies m WHERE m.overview LIKE ?1", ["%toy%"]);
    expect(lines.filter(fullScan)).toEqual(["SCAN m"]);
  });

  it.each(cases)("%s uses indexes only", async (name, sql, params) => {
    const lines = await plan(sql, params.slice(0, (sql.match(/\?\d/g) ?? []).reduce((n, p) => Math.max(n, Number(p.slice(1))), 0)));
    console.log(`${name}:\n  ${lines.join("\n  ")}`);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter(fullScan), lines.join("\n")).toEqual([]);
    // Sorting outside FTS5 would step (and count) every match; so would a rowid range FTS5 ignores.
    expect(lines.join("\n")).not.toMatch(/TEMP B-TREE/);
    for (const fts of lines.filter((l) => /VIRTUAL TABLE/.test(l))) expect(fts).toMatch(/INDEX \d+:M\d*></);
  });
});
