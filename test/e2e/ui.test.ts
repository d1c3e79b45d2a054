// The web UI at /: search with suggestions, a movie card with its recommendations, a director.
// Toy Story (862) is in both the bundled sample and the real data, with the same facts.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FranquiciaResponse } from "../../src/routes/franquicia/franquicia.schemas.ts";
import { DirectorResponse } from "../../src/routes/get_director/get_director.schemas.ts";
import { PeliculaResponse } from "../../src/routes/peliculas/peliculas.schemas.ts";
import { IdiomaResponse } from "../../src/routes/peliculas_idioma/peliculas_idioma.schemas.ts";
import { PaisResponse } from "../../src/routes/peliculas_pais/peliculas_pais.schemas.ts";
import { apiGet, BASE, launch, onCleanPage, screenshot, WIDTHS } from "./browser.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? "").replace(/\s+/g, " ").trim();
/** The value shown for a fact of the card (the <dd> after a <dt>). */
const fact = (page: Page, label: string) => text(page, `.fact:has(dt:text-is("${label}")) dd`);

describe.each(WIDTHS)("web UI at %i px", (width) => {
  it("finds a movie by typing, shows its card and five recommendations, and follows one", async () => {
    await onCleanPage(browser, width, async (page) => {
      await page.goto(`${BASE}/`);
      await page.locator("h1").waitFor();
      expect(await text(page, "h1")).toBe("Find a movie");
      // The page links to the docs and the analysis.
      expect(await page.locator('a[href="/docs"]').count()).toBeGreaterThan(0);
      expect(await page.locator('a[href="/eda/"]').count()).toBeGreaterThan(0);
      await screenshot(page, `home-${width}`);

      const input = page.getByRole("combobox", { name: /search movies/i });
      await input.pressSequentially("toy sto", { delay: 40 });
      const options = page.getByRole("option");
      await options.first().waitFor();
      const names = await page.locator("#suggestions .name").allTextContents();
      const target = names.indexOf("Toy Story");
      expect(target, `suggestions: ${names.join(" | ")}`).toBeGreaterThanOrEqual(0);
      // Keyboard only: ↓ to the suggestion, Enter to open it.
      for (let i = 0; i <= target; i++) await input.press("ArrowDown");
      const active = await input.getAttribute("aria-activedescendant");
      expect(await page.locator(`#${active}`).getAttribute("aria-selected")).toBe("true");
      expect(await page.locator(`#${active} .name`).textContent()).toBe("Toy Story");
      await input.press("Enter");

      await page.waitForURL(/#\/pelicula\/862$/);
      await page.locator(".rec").nth(4).waitFor();
      expect(await text(page, "h1")).toBe("Toy Story (1995)");
      expect(await fact(page, "Runtime")).toBe("1 h 21 min");
      expect(await fact(page, "Genres")).toBe("Animation, Comedy, Family");
      expect(await fact(page, "Director")).toBe("John Lasseter");
      expect(await fact(page, "Budget")).toBe("$30.0 M");
      expect(await fact(page, "Revenue")).toBe("$374 M");
      expect(await fact(page, "Return")).toBe("12.45×");
      expect(await fact(page, "Released")).toBe("1995-10-30");

      // The five recommendations are the API's, in its order, each a link with its similarity.
      const movie = await apiGet(PeliculaResponse, "/peliculas/862");
      expect(movie.recomendaciones).toHaveLength(5);
      const recs = page.locator(".rec");
      expect(await recs.count()).toBe(5);
      for (const [i, r] of movie.recomendaciones.entries()) {
        const rec = recs.nth(i);
        expect(await rec.locator("a").getAttribute("href")).toBe(`#/pelicula/${r.id}`);
        expect(await rec.locator(".rec-title").textContent()).toBe(r.titulo);
        expect(Number(await rec.locator("meter").getAttribute("value"))).toBeCloseTo(r.similitud, 6);
        expect(await rec.locator(".sim-value").textContent()).toBe(`similarity ${r.similitud.toFixed(2)}`);
      }
      await screenshot(page, `movie-${width}`);

      const first = movie.recomendaciones[0]!;
      await recs.first().locator("a").click();
      await page.waitForURL(new RegExp(`#/pelicula/${first.id}$`));
      // The old card stays until the new one is loaded: wait for the new heading.
      const heading = `${first.titulo} (${first.anio})`;
      await page.waitForFunction((h) => document.querySelector("h1")?.textContent?.replace(/\s+/g, " ").trim() === h, heading);
      expect(await page.locator(".rec").count()).toBeGreaterThan(0);
      // Focus moves to the new page's heading (keyboard and screen-reader users land there).
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    });
  });

  it("opens the director page from a movie card", async () => {
    await onCleanPage(browser, width, async (page) => {
      await page.goto(`${BASE}/#/pelicula/862`);
      await page.locator('.fact a[href^="#/director/"]').click();
      await page.waitForURL(/#\/director\/John%20Lasseter$/);
      await page.locator("table.films tbody tr").first().waitFor();
      const api = await apiGet(DirectorResponse, "/get_director/John%20Lasseter");
      expect(await text(page, "h1")).toBe(api.director);
      expect(await fact(page, "Movies")).toBe(String(api.cantidad));
      const titles = await page.locator('table.films td[data-label="Title"] a').allTextContents();
      expect(titles).toEqual(api.peliculas.map((m) => m.titulo));
      expect(await page.locator('table.films td[data-label="Title"] a').first().getAttribute("href")).toBe(`#/pelicula/${api.peliculas[0]!.id}`);
      await screenshot(page, `director-${width}`);
    });
  });
});

describe("group pages", () => {
  it("follow the card's franchise, country and language links and show the API's figures", async () => {
    await onCleanPage(browser, 1280, async (page) => {
      const movie = await apiGet(PeliculaResponse, "/peliculas/862");
      const open = async (selector: string, url: RegExp, heading: string) => {
        await page.goto(`${BASE}/#/pelicula/862`);
        await page.locator(selector).first().click();
        await page.waitForURL(url);
        await page.waitForFunction((h) => document.querySelector("h1")?.textContent === h, heading);
      };

      const f = await apiGet(FranquiciaResponse, `/franquicia/${encodeURIComponent(movie.franquicia!.nombre)}`);
      await open('.fact a[href^="#/franquicia/"]', /#\/franquicia\//, f.franquicia);
      expect(await fact(page, "Movies")).toBe(String(f.cantidad));

      const c = await apiGet(PaisResponse, `/peliculas_pais/${movie.paises[0]!.codigo}`);
      await open('.fact a[href^="#/pais/"]', /#\/pais\//, c.pais);
      expect(await text(page, "p.big")).toBe(`${c.cantidad.toLocaleString("en")} movies list ${c.pais} among their production countries.`);

      const l = await apiGet(IdiomaResponse, `/peliculas_idioma/${movie.idiomas[0]!.codigo}`);
      await open('.fact a[href^="#/idioma/"]', /#\/idioma\//, l.idioma);
      expect(await text(page, "p.big")).toBe(`${l.cantidad.toLocaleString("en")} movies have ${l.idioma} as their first spoken language.`);
    });
  });
});

describe("search box", () => {
  it("closes with Escape, and Enter without a choice lists every result", async () => {
    await onCleanPage(browser, 1280, async (page) => {
      await page.goto(`${BASE}/`);
      const input = page.getByRole("combobox");
      await input.pressSequentially("lasseter", { delay: 30 });
      await page.getByRole("option").first().waitFor();
      expect(await input.getAttribute("aria-expanded")).toBe("true");
      await input.press("Escape");
      expect(await input.getAttribute("aria-expanded")).toBe("false");
      expect(await page.locator("#suggestions").isHidden()).toBe(true);
      await input.press("Enter");
      await page.waitForURL(/#\/buscar\/lasseter$/);
      await page.locator("ol.results li").first().waitFor();
      expect(await text(page, "h1")).toBe("Results for “lasseter”");
      expect(await page.locator("ol.results li", { hasText: "John Lasseter" }).count()).toBe(1);
    });
  });

  it("shows the API's suggestions for a name that does not exist", async () => {
    await onCleanPage(browser, 1280, async (page, w) => {
      await page.goto(`${BASE}/#/director/John%20Lasseterr`);
      await page.locator("h1").waitFor();
      expect(await text(page, "h1")).toBe("Not found");
      expect(await page.locator('a[href="#/director/John%20Lasseter"]').count()).toBe(1);
      // A 404 from the API is a page state here, not a console error of the app — but Chromium
      // logs every failed fetch, so only that one line is allowed.
      expect(w.errors.filter((e) => !/404 \(Not Found\)/.test(e))).toEqual([]);
      w.errors.length = 0;
    });
  });
});
