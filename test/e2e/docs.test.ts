// The API reference at /docs: plain HTML first (conventions and an index of every operation),
// then Swagger UI, self-hosted, started when the reader reaches it or follows an index link;
// its "Try it out" calls the local API; no axe violation in any of these states.
import { z } from "@hono/zod-openapi";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, describeViolations } from "./axe.ts";
import { apiGet, BASE, launch, onCleanPage, screenshot, WIDTHS } from "./browser.ts";

/** The parts of the OpenAPI document this test reads. */
const DocSchema = z.object({ paths: z.record(z.string(), z.record(z.string(), z.object({ operationId: z.string(), tags: z.array(z.string()) }))) });

let browser: Browser;
let operations: { method: string; path: string; operationId: string; tag: string }[];
beforeAll(async () => {
  browser = await launch();
  const doc = await apiGet(DocSchema, "/openapi.json");
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId, tag: op.tags[0]! })),
  );
});
afterAll(async () => {
  await browser?.close();
});

const opblock = (page: Page, path: string) => page.locator(".swagger-ui .opblock", { has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
const expectNoViolations = async (page: Page, state: string) => {
  const violations = await axeViolations(page);
  expect(violations, `${state}:\n${describeViolations(violations)}`).toEqual([]);
};

describe.each(WIDTHS)("/docs at %i px", (width) => {
  it("is plain HTML first, with every operation of the document in its index; Swagger UI starts when reached", async () => {
    await onCleanPage(browser, width, async (page, w) => {
      await page.goto(`${BASE}/docs`);
      expect(await page.locator("h1").textContent()).toBe("Movies API reference");
      const index = await page.locator("ul.operations li a").evaluateAll((as) =>
        as.map((a) => ({
          method: a.querySelector(".method")!.textContent,
          path: a.querySelector("code")!.textContent,
          href: a.getAttribute("href"),
        })),
      );
      expect(index).toEqual(operations.map((o) => ({ method: o.method, path: o.path, href: `#/${encodeURIComponent(o.tag)}/${o.operationId}` })));
      await expectNoViolations(page, "the page as it loads");
      if (width < 600)
        expect(
          w.requests.some((u) => u.includes("/vendor/swagger-ui/")),
          "Swagger UI loaded before it was reached",
        ).toBe(false);

      await page.locator("#swagger-ui").scrollIntoViewIfNeeded();
      await page.locator(".swagger-ui .opblock").first().waitFor();
      expect(await page.locator(".swagger-ui .opblock").count()).toBe(operations.length);
      expect(w.requests.filter((u) => u.includes("/vendor/swagger-ui/")).length).toBeGreaterThanOrEqual(2);
      await expectNoViolations(page, "the viewer started");
      await screenshot(page, `docs-${width}`);
    });
  });

  it("an index link opens its operation, and Try it out calls the API", async () => {
    await onCleanPage(browser, width, async (page) => {
      await page.goto(`${BASE}/docs`);
      await page.locator('ul.operations a[href="#/Consultas/peliculasIdioma"]').click();
      const op = opblock(page, "/peliculas_idioma/{idioma}");
      await op.locator(".opblock-body").waitFor();
      expect(await op.getAttribute("class")).toContain("is-open");
      // Every status the route answers is listed, with examples for the errors.
      const codes = await op.locator("table.responses-table > tbody > tr.response").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-code")));
      expect(codes).toEqual(["200", "304", "400", "404", "405", "414", "429", "500", "503"]);
      await expectNoViolations(page, "an operation open");

      // tryItOutEnabled: the form is ready; older settings need the button.
      const tryIt = op.getByRole("button", { name: "Try it out" });
      if (await tryIt.count()) await tryIt.click();
      await op.locator('input[placeholder="idioma"]').fill("English");
      const answer = page.waitForResponse((r) => r.url().startsWith(`${BASE}/peliculas_idioma/`));
      await op.getByRole("button", { name: "Execute" }).click();
      expect((await answer).status()).toBe(200);
      const status = op.locator(".live-responses-table tbody .response-col_status").first();
      await status.waitFor();
      expect((await status.textContent())?.trim()).toBe("200");
      expect(await op.locator(".live-responses-table tbody .response-col_description pre").first().textContent()).toContain('"codigo": "en"');
      await expectNoViolations(page, "an answer shown");

      // A later index link (the viewer is already running) opens that operation too.
      await page.locator('ul.operations a[href="#/Servicio/health"]').click();
      await opblock(page, "/health").locator(".opblock-body").waitFor();
    });
  });
});

describe("/openapi.json", () => {
  it("is the static file written at build time: the assets layer answers it, the Worker never builds the document (a cold build costs ~30 ms of CPU)", async () => {
    const res = await fetch(`${BASE}/openapi.json`);
    expect(res.status).toBe(200);
    // The Worker's own answer on this path is `no-store`; the assets layer's is revalidated by the file's hash.
    expect(res.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(DocSchema.safeParse(await res.json()).success).toBe(true);
  });
});
