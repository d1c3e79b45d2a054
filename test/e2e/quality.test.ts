// Lighthouse (mobile) and axe on the site's pages, with thresholds: accessibility ≥ 95 and
// performance ≥ 90 (best of a few runs: see ./lighthouse.ts), best practices and SEO ≥ 90, and
// no axe violation. The scores of every run are printed. /docs is audited twice: as it loads
// (the viewer is started only when reached: docs-page.ts), and opened on an operation by a
// deep link, which starts Swagger UI at once — its accessibility is what counts there.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, describeViolations } from "./axe.ts";
import { BASE, launch, watchedPage } from "./browser.ts";
import { bestOf, type Run, type Scores } from "./lighthouse.ts";

const FULL: Scores = { performance: 90, accessibility: 95, "best-practices": 90, seo: 90 };
/** `applies`: audits that must have found something, i.e. the page was audited with that content in it. */
const PAGES: { path: string; ready: string; thresholds: Partial<Scores>; applies?: string[] }[] = [
  { path: "/", ready: "h1", thresholds: FULL },
  { path: "/#/pelicula/862", ready: ".rec", thresholds: FULL },
  { path: "/eda/", ready: "section.chart svg", thresholds: FULL },
  { path: "/docs", ready: "ul.operations li", thresholds: FULL },
  // Swagger UI's <select>s (example pickers) exist only once it has rendered the open operation.
  {
    path: "/docs#/Consultas/peliculasIdioma",
    ready: ".swagger-ui .opblock.is-open .opblock-body",
    thresholds: { accessibility: 95 },
    applies: ["select-name"],
  },
];

const line = (path: string, i: number, r: Run) =>
  `[lighthouse] ${path.padEnd(34)} run ${i + 1}: ${Object.entries(r.scores)
    .map(([c, s]) => `${c} ${s}`)
    .join(", ")}` +
  ` | FCP ${r.metrics.fcp}, LCP ${r.metrics.lcp}, TBT ${r.metrics.tbt}, CLS ${r.metrics.cls}, SI ${r.metrics.si}` +
  ` | benchmark index ${r.benchmarkIndex}, CPU ×${r.multiplier}`;

describe.each(PAGES)("$path", ({ path, ready, thresholds, applies = [] }) => {
  it(`Lighthouse (mobile): ${Object.entries(thresholds)
    .map(([c, t]) => `${c} ≥ ${t}`)
    .join(", ")}`, async () => {
    const { runs, best } = await bestOf(`${BASE}${path}`, thresholds);
    runs.forEach((r, i) => {
      console.log(line(path, i, r));
    });
    for (const [category, min] of Object.entries(thresholds)) {
      expect(best.scores[category as keyof Scores], `${category} of ${path}\n${best.failing.join("\n")}`).toBeGreaterThanOrEqual(min);
    }
    for (const id of applies) expect(best.applicable, `${id} found nothing to audit on ${path}`).toContain(id);
  }, 600_000);

  describe("axe", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launch();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it.each([390, 1280])("no violations at %i px", async (width) => {
      const { page } = await watchedPage(browser, width);
      await page.goto(`${BASE}${path}`);
      await page.locator(ready).first().waitFor();
      const violations = await axeViolations(page);
      console.log(`[axe] ${path} at ${width} px: ${violations.length} violations`);
      expect(violations, describeViolations(violations)).toEqual([]);
      await page.context().close();
    });
  });
});
