// The EDA report at /eda: every chart is there as a non-empty SVG with its reading, and its
// figures are the ones the API answers with.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdaData } from "../../etl/eda/report.ts";
import { FranquiciaResponse } from "../../src/routes/franquicia/franquicia.schemas.ts";
import { IdiomaResponse } from "../../src/routes/peliculas_idioma/peliculas_idioma.schemas.ts";
import { PaisResponse } from "../../src/routes/peliculas_pais/peliculas_pais.schemas.ts";
import { apiGet, BASE, launch, onCleanPage, screenshot, siteJson, WIDTHS, watchedPage } from "./browser.ts";

const CHARTS = [
  "years",
  "genres",
  "languages",
  "countries",
  "budget-revenue",
  "runtime",
  "correlation",
  "franchises",
  "title-terms",
  "overview-terms",
  "model-terms",
  "first-neighbour",
  "longest",
  "popularity-budget",
];
const enc = encodeURIComponent;

let browser: Browser;
let data: EdaData;
beforeAll(async () => {
  browser = await launch();
  data = await siteJson<EdaData>("/eda/data.json");
});
afterAll(async () => {
  await browser?.close();
});

describe.each(WIDTHS)("/eda at %i px", (width) => {
  it("renders every chart as a non-empty SVG with its reading, and the data-quality table", async () => {
    await onCleanPage(browser, width, async (page) => {
      const res = await page.goto(`${BASE}/eda`); // redirected to /eda/ by the assets layer
      expect(res?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe("/eda/");
      expect(await page.locator("section.chart svg").count()).toBe(CHARTS.length);
      for (const id of CHARTS) {
        const section = page.locator(`section#${id}`);
        const box = await section.locator("svg").boundingBox();
        expect(box?.width, id).toBeGreaterThan(200);
        expect(box?.height, id).toBeGreaterThan(100);
        // Marks drawn: vega writes bars, lines, points and text as SVG paths and texts.
        expect(await section.locator("svg path, svg text").count(), id).toBeGreaterThan(10);
        expect(await section.locator("h2").textContent(), id).toBeTruthy();
        expect(await section.locator("figcaption").textContent(), id).toBe(data.readings[id]);
        expect(await section.locator("svg").getAttribute("aria-label"), id).toContain(data.readings[id]!);
      }
      expect(await page.locator("#quality table.quality tbody tr").count()).toBeGreaterThan(2);
      expect(await page.locator("#quality .reading").textContent()).toBe(data.readings.quality);
      await screenshot(page, `eda-${width}`);
    });
  });
});

describe("/eda figures agree with the API", () => {
  it("countries: each of the top bars is /peliculas_pais's count", async () => {
    for (const c of data.stats.countries.slice(0, 5)) {
      const api = await apiGet(PaisResponse, `/peliculas_pais/${enc(c.key)}`);
      expect(api).toEqual({ pais: c.name, codigo: c.key, cantidad: c.count });
    }
  });

  it("languages: each of the top bars is /peliculas_idioma's count of first languages", async () => {
    for (const l of data.stats.languages.slice(0, 5)) {
      const api = await apiGet(IdiomaResponse, `/peliculas_idioma/${enc(l.key)}`);
      expect({ codigo: api.codigo, cantidad: api.cantidad }).toEqual({ codigo: l.key, cantidad: l.count });
    }
  });

  it("franchises: each of the top bars is /franquicia's total revenue", async () => {
    for (const f of data.stats.franchises.slice(0, 5)) {
      const api = await apiGet(FranquiciaResponse, `/franquicia/${enc(f.name)}`);
      expect(api).toMatchObject({ franquicia: f.name, cantidad: f.movies, ganancia_total: f.revenue });
    }
  });

  it("the chart shows the same count as its data (the top country's bar label)", async () => {
    const w = await watchedPage(browser, 1280);
    await w.page.goto(`${BASE}/eda/`);
    const top = data.stats.countries[0]!;
    const labels = await w.page.locator("section#countries svg text").allTextContents();
    expect(labels).toContain(top.count.toLocaleString("en"));
    await w.page.context().close();
  });
});
