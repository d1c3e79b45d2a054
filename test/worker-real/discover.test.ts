// GET /descubrir on the real data (4,995 movies), where genres, languages, countries and companies
// are big enough to be walked through their ranked lists: every case of discover-cases.ts equals
// the plain-SQL reference, and the example is printed with its plan and rows read.
// `REAL_RAW_DIR=<synthetic catalogue> npx vitest run --project worker-real discover` runs it at 45k.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { activeDataset } from "../../src/db/dataset.ts";
import { discoverPlan } from "../../src/db/discover.ts";
import { type DiscoverCases, discoverCases } from "../worker/discover-cases.ts";
import { discoverUrl, expectReference, type Filters } from "../worker/discover-reference.ts";
import { warmIsolate } from "../worker/instrumented.ts";
import { BUDGET } from "../worker/rows-read.ts";

let cases: DiscoverCases;
beforeAll(async () => {
  await warmIsolate();
  cases = await discoverCases();
});

describe("GET /descubrir on the real data", () => {
  it("answers every picked case as the plain-SQL reference does", async () => {
    for (const f of [...cases.common, ...cases.other]) await expectReference(f);
  });

  it("the best-rated animated movies of the 90s with 100 votes or more (issue 15's example)", async () => {
    const f: Filters = { genero: ["Animation"], anio_desde: 1990, anio_hasta: 1999, orden: "votos_promedio", votos_min: 100 };
    const { body, rowsRead, all } = await expectReference(f);
    expect(body.total_results_capped).toBe(false);
    expect(body.total_results).toBe(all.length);
    expect(body.results[0]!.generos).toContain("Animation");
    const span = (await activeDataset(env.DB))!.years!;
    const plan = discoverPlan(
      { generos: ["Animation"], anio_desde: 1990, anio_hasta: 1999, votos_min: 100, orden: "votos_promedio", direccion: "desc", page: 1 },
      span,
    );
    const lines = async (sql: string, params: unknown[]) =>
      (
        await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .bind(...params)
          .all<{ detail: string }>()
      ).results.map((r) => r.detail);
    console.log(
      [
        `${discoverUrl(f)}: total ${body.total_results} (capped: ${body.total_results_capped}), ${body.total_pages} pages, ${rowsRead} rows read, count: ${plan.mode}`,
        ...body.results.map((r) => `  ${r.votos_promedio.toFixed(1)}  ${String(r.votos_cantidad).padStart(5)} votes  ${r.anio}  ${r.titulo} (${r.id})`),
        "page statement plan:",
        ...(await lines(plan.page.sql, plan.page.params)).map((l) => `  ${l}`),
      ].join("\n"),
    );
  });

  it("the broadest query, /descubrir with no filter, is the catalogue's size and a page's rows", async () => {
    const { body, rowsRead } = await expectReference({});
    expect(body.total_results_capped).toBe(false);
    expect(rowsRead).toBeLessThanOrEqual(BUDGET.discover);
    const plan = discoverPlan({ generos: [], orden: "popularidad", direccion: "desc", page: 1 }, (await activeDataset(env.DB))!.years!);
    console.log(
      `/descubrir: total ${body.total_results} (capped: ${body.total_results_capped}), ${body.total_pages} pages, ${rowsRead} rows read, count: ${plan.mode}; ` +
        `first: ${body.results
          .slice(0, 3)
          .map((r) => r.titulo)
          .join(", ")}`,
    );
  });
});
