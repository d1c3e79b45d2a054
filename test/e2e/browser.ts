// Shared by the browser tests: Debian's chromium through playwright-core (never a downloaded
// browser), pages that record every request and every console error, and screenshots.
import fs from "node:fs";
import path from "node:path";
import type { z } from "@hono/zod-openapi";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { bodyOf } from "../body.ts";

const base = process.env.E2E_BASE_URL;
if (!base) throw new Error("E2E_BASE_URL is not set: run the browser tests with `npm run test:e2e`.");
export const BASE = base;
export const SHOTS_DIR = path.resolve("screenshots");
export const WIDTHS = [1280, 390] as const;

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export interface Watched {
  page: Page;
  requests: string[];
  errors: string[];
}

/** A page in a fresh context, `width` px wide, that records requests and console errors. */
export async function watchedPage(browser: Browser, width: number): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const w: Watched = { page, requests: [], errors: [] };
  page.on("request", (r) => w.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") w.errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => w.errors.push(`page error: ${e.message}`));
  return w;
}

/** No console errors, and every request went to the local server (or stayed in the page). */
export function expectClean(w: Watched): void {
  expect(w.errors).toEqual([]);
  const host = new URL(BASE).host;
  const away = w.requests.filter((u) => !/^(data|blob|about):/.test(u) && new URL(u).host !== host);
  expect(away).toEqual([]);
  expect(w.requests.length).toBeGreaterThan(0);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Runs `test` on a watched page `width` px wide, then checks that it stayed clean (expectClean) and closes it. */
export async function onCleanPage(browser: Browser, width: number, test: (page: Page, w: Watched) => Promise<void>): Promise<void> {
  const w = await watchedPage(browser, width);
  await test(w.page, w);
  expectClean(w);
  await w.page.context().close();
}

async function getJson(p: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${BASE}${p}`);
  expect(res.status, `${p}`).toBe(200);
  return { status: res.status, body: await res.json() };
}

/** The JSON API, called directly (to compare the pages with what it answers): a 200 whose body matches the route's schema. */
export async function apiGet<S extends z.ZodType>(schema: S, p: string): Promise<z.output<S>> {
  return bodyOf(schema, await getJson(p));
}

/** A JSON file of the site the ETL wrote (the EDA's data.json), as the type the ETL wrote it with. */
export async function siteJson<T>(p: string): Promise<T> {
  return (await getJson(p)).body as T;
}
