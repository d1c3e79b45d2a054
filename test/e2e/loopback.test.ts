// A script on this machine going over the titles of the catalogue, against the server `npm start`
// runs: requests from loopback carry the CF-Connecting-IP the local server sets (127.0.0.1), and
// are not rate-limited (src/middleware/rate-limit.ts), well past the 100-per-10-s limit.
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { BASE } from "./browser.ts";

const RAW_DIR = process.env.E2E_RAW_DIR;
/** Well past 2×limit+1 (the binding counts in fixed windows of 10 s). */
const TITLES = 250;

describe("loopback client", () => {
  it(`${TITLES} distinct titles in a row: no 429`, async () => {
    if (!RAW_DIR) throw new Error("E2E_RAW_DIR is not set: run this test with `npm run test:e2e`.");
    const rows = parse(fs.readFileSync(path.join(RAW_DIR, "movies_dataset.csv"), "utf8"), { bom: true, columns: true, relax_column_count: true }) as {
      title?: string;
    }[];
    const titles = [...new Set(rows.map((r) => r.title?.trim()).filter((t): t is string => !!t))].slice(0, TITLES);
    // The sample has fewer titles: every title, then the same ones with a distinct (ignored) query.
    const paths = Array.from({ length: TITLES }, (_, i) => `/peliculas_duracion/${encodeURIComponent(titles[i % titles.length]!)}?n=${i}`);
    const statuses: Record<number, number> = {};
    for (const p of paths) {
      const res = await fetch(`${BASE}${p}`);
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
    expect(statuses[429] ?? 0).toBe(0);
    expect(statuses[200]).toBeGreaterThan(TITLES / 2);
  });
});
