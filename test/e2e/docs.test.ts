// The API reference at /docs: Swagger UI loads from the Worker's own assets and its "Try it
// out" calls the local API.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BASE, expectClean, launch, watchedPage } from "./browser.ts";

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

it("/docs renders the reference and its try-it-out call works", async () => {
  const w = await watchedPage(browser, 1280);
  const { page } = w;
  await page.goto(`${BASE}/docs`);
  await page.locator(".swagger-ui .opblock").first().waitFor();
  expect(await page.locator(".swagger-ui .opblock").count()).toBeGreaterThanOrEqual(7);

  const op = page.locator(".opblock", { has: page.locator('.opblock-summary-path[data-path="/peliculas_idioma/{idioma}"]') });
  await op.locator(".opblock-summary").click();
  // docs.js turns try-it-out on for every operation; older settings need the button.
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
  expectClean(w);
  await page.context().close();
});
