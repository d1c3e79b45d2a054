// Issue 15 in the browser: the browse page (filters, sort, paging, a shareable URL, driven by the
// keyboard), the home page's rows, the "because" terms of recommendation cards, and the analysis
// page's new charts checked against the API. Every list shown is compared with what the API answers.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EdaData } from "../../etl/eda/report.ts";
import { DescubrirResponse } from "../../src/routes/descubrir/descubrir.schemas.ts";
import { PeliculaResponse } from "../../src/routes/peliculas/peliculas.schemas.ts";
import { apiGet, BASE, launch, onCleanPage, screenshot, siteJson, WIDTHS, watchedPage } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const EXAMPLE = "genero=Animation&anio_desde=1990&anio_hasta=1999&orden=votos_promedio&votos_min=100";

/** The links of a list of movies, as ids in page order. */
const shownIds = async (page: Page, selector: string) =>
  (await page.locator(`${selector} a[href^="#/pelicula/"]`).evaluateAll((as) => as.map((a) => a.getAttribute("href")))).map((h) => Number(h!.split("/").pop()));
const waitForHeading = (page: Page, text: string) =>
  page.waitForFunction((t) => document.querySelector("h1")?.textContent === t && !document.querySelector("main")?.hasAttribute("aria-busy"), text);

describe.each(WIDTHS)("browse page at %i px", (width) => {
  it("lists the API's page for a shared URL, with its total, and pages on", async () => {
    await onCleanPage(browser, width, async (page) => {
      await page.goto(`${BASE}/#/descubrir?${EXAMPLE}`);
      await waitForHeading(page, "Browse movies");
      await page.locator("ol.found-list li").first().waitFor();
      const api = await apiGet(DescubrirResponse, `/descubrir?${EXAMPLE}`);
      expect(await shownIds(page, "ol.found-list")).toEqual(api.results.map((r) => r.id));
      expect(await page.locator(".page-head .sub").textContent()).toBe(`${api.total_results} movies, sorted by rating`);
      // The form shows the query it came from.
      expect(await page.locator("#f-genero").inputValue()).toBe("Animation");
      expect(await page.locator("#f-orden").inputValue()).toBe("votos_promedio");
      await screenshot(page, `browse-${width}`);
      if (api.total_pages > 1) {
        await page.locator('nav.pager a[rel="next"]').click();
        await page.waitForURL(/page=2/);
        const second = await apiGet(DescubrirResponse, `/descubrir?${EXAMPLE}&page=2`);
        await page.waitForFunction(
          (n) => document.querySelector("ol.found-list")?.getAttribute("start") === "21" && document.querySelectorAll("ol.found-list li").length === n,
          second.results.length,
        );
        expect(await shownIds(page, "ol.found-list")).toEqual(second.results.map((r) => r.id));
      }
    });
  });
});

describe("browse page with the keyboard", () => {
  it("sets filters and sort from the form, and the URL becomes the query", async () => {
    await onCleanPage(browser, 1280, async (page) => {
      await page.goto(`${BASE}/#/descubrir`);
      await waitForHeading(page, "Browse movies");
      await page.locator("#f-genero").focus();
      await page.keyboard.type("Drama");
      // Tab through the year fields to the language field: every control is reached in order.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-anio_desde");
      await page.keyboard.type("1990");
      await page.keyboard.press("Tab");
      await page.keyboard.type("1999");
      await page.locator("#f-orden").focus();
      await page.keyboard.press("End"); // the last order: titulo
      expect(await page.locator("#f-orden").inputValue()).toBe("titulo");
      // The direction follows: titles A to Z, its default, so the URL needs no direccion.
      expect(await page.locator("#f-direccion").inputValue()).toBe("asc");
      await page.locator("#f-genero").focus();
      await page.keyboard.press("Enter"); // submits the form
      await page.waitForURL(/#\/descubrir\?/);
      const query = new URL(page.url()).hash.split("?")[1]!;
      expect(Object.fromEntries(new URLSearchParams(query))).toEqual({ genero: "Drama", anio_desde: "1990", anio_hasta: "1999", orden: "titulo" });
      await page.waitForFunction(() => !document.querySelector("main")?.hasAttribute("aria-busy") && document.querySelectorAll("ol.found-list li").length > 0);
      const api = await apiGet(DescubrirResponse, `/descubrir?${query}`);
      expect(await shownIds(page, "ol.found-list")).toEqual(api.results.map((r) => r.id));
      // Every field has a label the screen reader announces.
      const unlabelled = await page
        .locator("form.filters input:not([type=hidden]), form.filters select")
        .evaluateAll((els) => els.filter((e) => !document.querySelector(`label[for="${e.id}"]`)?.textContent?.trim()).map((e) => e.id));
      expect(unlabelled).toEqual([]);
    });
  });

  it("turns an unknown name into the API's suggestions, each a link to the corrected query", async () => {
    const w = await watchedPage(browser, 1280);
    const { page } = w;
    await page.goto(`${BASE}/#/descubrir?genero=Animaton&orden=fecha`);
    await page.locator("p.error").waitFor();
    const link = page.locator("main ul.plain-list a", { hasText: "Animation" });
    expect(await link.getAttribute("href")).toBe("#/descubrir?orden=fecha&genero=Animation");
    await link.click();
    await page.locator("ol.found-list li").first().waitFor();
    const api = await apiGet(DescubrirResponse, "/descubrir?genero=Animation&orden=fecha");
    expect(await shownIds(page, "ol.found-list")).toEqual(api.results.map((r) => r.id));
    await page.context().close();
  });
});

describe.each(WIDTHS)("home page rows at %i px", (width) => {
  it("show the first movies of each /descubrir row and link to browse them all", async () => {
    await onCleanPage(browser, width, async (page) => {
      await page.goto(`${BASE}/`);
      await page.locator("section.row").nth(3).locator("li.tile").first().waitFor();
      const rows = page.locator("section.row");
      expect(await rows.count()).toBe(4);
      for (let i = 0; i < 4; i++) {
        const row = rows.nth(i);
        const browse = await row.locator(".row-head a").getAttribute("href");
        expect(browse, `row ${i}`).toMatch(/^#\/descubrir/);
        const query = browse!.split("?")[1] ?? "";
        const api = await apiGet(DescubrirResponse, `/descubrir?${query}`);
        const ids = await row.locator(".row-list a[href^='#/pelicula/']").evaluateAll((as) => as.map((a) => Number(a.getAttribute("href")!.split("/").pop())));
        expect(ids, `row ${i}`).toEqual(api.results.slice(0, 10).map((r) => r.id));
      }
      expect(await page.locator('nav[aria-label="Browse by decade"] a').count()).toBeGreaterThan(3);
      expect(await page.locator('nav[aria-label="Browse by genre"] a').count()).toBeGreaterThan(3);
      await screenshot(page, `home-rows-${width}`);
      // A row's "Browse all" opens the browse page with that row's query.
      await rows.nth(1).locator(".row-head a").click();
      await page.waitForURL(/#\/descubrir\?orden=votos_promedio&votos_min=1000/);
      await waitForHeading(page, "Browse movies");
    });
  });
});

describe("recommendation cards", () => {
  it('say why: the API\'s terms after "because:"', async () => {
    await onCleanPage(browser, 1280, async (page) => {
      await page.goto(`${BASE}/#/pelicula/862`);
      await page.locator(".rec").nth(4).waitFor();
      const movie = await apiGet(PeliculaResponse, "/peliculas/862");
      const shown = await page.locator(".rec").evaluateAll((els) => els.map((e) => e.querySelector(".because")?.textContent ?? ""));
      expect(shown).toEqual(movie.recomendaciones.map((r) => (r.terminos.length ? `because: ${r.terminos.join(" · ")}` : "")));
      expect(shown.filter(Boolean).length).toBeGreaterThan(0);
      await screenshot(page, "movie-because-1280");
    });
  });
});

describe("analysis page: what the recommender reads, longest movies, popularity vs budget", () => {
  const NEW = ["title-terms", "overview-terms", "model-terms", "first-neighbour", "longest", "popularity-budget"];
  let data: EdaData;
  beforeAll(async () => {
    data = await siteJson<EdaData>("/eda/data.json");
  });

  it("renders the new charts with their readings", async () => {
    await onCleanPage(browser, 1280, async (page) => {
      await page.goto(`${BASE}/eda/`);
      for (const id of NEW) {
        const section = page.locator(`section#${id}`);
        expect(await section.locator("svg path, svg text").count(), id).toBeGreaterThan(10);
        expect(await section.locator("figcaption").textContent(), id).toBe(data.readings[id]);
      }
      // The bar labels are the data's: the top title word's count, the longest movie's minutes.
      const top = data.stats.titleTerms[0]!;
      expect(await page.locator("section#title-terms svg text").allTextContents()).toContain(String(top.count));
      expect(await page.locator("section#longest svg text").allTextContents()).toContain(String(data.stats.longest[0]!.runtime));
      for (const id of NEW) await page.locator(`section#${id}`).screenshot({ path: `screenshots/eda-${id}.png` });
    });
  });

  it("agrees with the API: runtimes, budgets and popularity, first recommendations", async () => {
    for (const m of data.stats.longest.slice(0, 5)) {
      expect(await apiGet(PeliculaResponse, `/peliculas/${m.id}`)).toMatchObject({ duracion: m.runtime, titulo: m.title });
    }
    for (const p of data.stats.popularity.points.filter((x) => x.rank > 0)) {
      expect(await apiGet(PeliculaResponse, `/peliculas/${p.id}`)).toMatchObject({
        presupuesto: p.budget,
        popularidad: p.popularity,
      });
    }
    const model = data.stats.model!;
    for (const f of [model.closest!, model.farthest!]) {
      const first = (await apiGet(PeliculaResponse, `/peliculas/${f.id}`)).recomendaciones[0]!;
      expect(first.id).toBe(f.neighbour);
      expect(first.similitud).toBeCloseTo(f.sim, 6);
    }
  });
});
