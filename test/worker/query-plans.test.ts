// Every statement a route runs must use an index: EXPLAIN QUERY PLAN may show index SEARCHes,
// full-text (virtual table) scans and scans of one-row subqueries, but never a full SCAN of a
// real table. The plans are printed, so `npx vitest run --project worker query-plans` shows them.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SQL } from "../../src/db/catalog.ts";
import { MOVIE_SQL } from "../../src/db/movies.ts";
import { SEARCH_SQL } from "../../src/db/search.ts";
import { suggestionSql } from "../../src/db/suggestions.ts";

async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return rows.results.map((r) => r.detail);
}

/** Row sources the statements build themselves (one-row guards, CTEs): scanning them is fine. */
const OWN_ROW_SOURCES = new Set(["miss", "page", "hits"]);
/** A full SCAN of a table or alias: not a virtual FTS table, subquery, constant row or own CTE. */
const fullScan = (line: string) => {
  const m = /^SCAN (\w+)$/.exec(line.trim());
  return !!m && !OWN_ROW_SOURCES.has(m[1]!);
};

const cases: [string, string, unknown[]][] = [
  ...Object.entries(SQL).map(([name, sql]): [string, string, unknown[]] => [`lookup ${name}`, sql, ["toy story"]]),
  ["/peliculas/{id}", MOVIE_SQL, [862]],
  ["suggestions (guarded by the title lookup)", suggestionSql(["words", "typos"], SQL.titles), ["toy stroy", 0, '"toy"* "stroy"*', '"toy" OR "str"']],
  ...Object.entries(SEARCH_SQL).map(([name, sql]): [string, string, unknown[]] => [`/buscar ${name}`, sql, ['"toy"*', 1, 4, "toy", 0]]),
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
  });
});
