// The HTML of the EDA report: one static page, charts inlined as SVG, styles in a separate file
// (no inline script or style, so a strict Content-Security-Policy applies to it unchanged).
import type { Chart } from "./charts.ts";
import { count, esc } from "./format.ts";
import type { QualitySection } from "./quality.ts";

export interface PageInfo {
  movies: number;
  source: string;
  builtAt: string;
}
export interface RenderedChart extends Chart {
  svg: string;
}

/** Gives the chart's SVG an accessible name: its title and reading. */
function labelSvg(svg: string, label: string): string {
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${esc(label)}" `);
}

export function reportPage(info: PageInfo, charts: RenderedChart[], quality: QualitySection): string {
  const sections = [...charts.map((c) => ({ id: c.id, title: c.title })), { id: quality.id, title: quality.title }];
  const figures = charts
    .map(
      (c) => `
<section class="chart" id="${c.id}" aria-labelledby="${c.id}-h">
  <h2 id="${c.id}-h">${esc(c.title)}</h2>
  <p class="subtitle">${esc(c.subtitle)}</p>
  <figure>
    <div class="svg">${labelSvg(c.svg, `${c.title}. ${c.reading}`)}</div>
    <figcaption class="reading">${esc(c.reading)}</figcaption>
  </figure>${
    c.notes?.length
      ? `
  <ol class="notes">${c.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ol>`
      : ""
  }
</section>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Movies API — exploratory analysis</title>
  <meta name="description" content="${esc(`The ${count(info.movies)} movies the API serves, in charts: release years, genres, languages, countries, budget and revenue, runtime, franchises, and the quality of the raw data.`)}">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/eda/eda.css">
</head>
<body>
<header class="top">
  <nav aria-label="Site">
    <a href="/">Search</a>
    <a href="/eda/" aria-current="page">Analysis</a>
    <a href="/docs">API docs</a>
  </nav>
</header>
<main>
  <h1>The catalogue at a glance</h1>
  <p class="lede">${count(info.movies)} movies from ${esc(info.source)}, as cleaned by the ETL and served by the API.
  Charts rendered at build time (${esc(info.builtAt.slice(0, 10))}); the figures behind them: <a href="/eda/data.json">data.json</a>.</p>
  <nav class="toc" aria-label="Charts"><ol>${sections.map((s) => `<li><a href="#${s.id}">${esc(s.title)}</a></li>`).join("")}</ol></nav>
  <div class="grid">${figures}
<section class="chart wide" id="${quality.id}" aria-labelledby="${quality.id}-h">
  <h2 id="${quality.id}-h">${esc(quality.title)}</h2>
  <p class="reading">${esc(quality.reading)}</p>
  <div class="table-wrap" tabindex="0" role="region" aria-label="${esc(quality.title)}: table (scrolls sideways on narrow screens)">${quality.html}</div>
</section>
  </div>
</main>
</body>
</html>
`;
}

export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2328; --muted: #4f5862; --line: #d8dce1; --accent: #1d5fa6; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
.top { background: #14365e; }
.top nav { max-width: 1240px; margin: 0 auto; padding: .6rem 1rem; display: flex; gap: 1.25rem; flex-wrap: wrap; }
.top a { color: #fff; text-decoration: none; font-weight: 600; }
.top a[aria-current] { text-decoration: underline; text-underline-offset: 4px; }
main { max-width: 1240px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
.lede { color: var(--muted); margin-top: 0; }
.toc ol { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: 0 0 1rem; list-style: none; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 520px), 1fr)); gap: 1rem; }
.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem; min-width: 0; }
/* The two scatter charts hold ~4,000 SVG marks: charts off screen are laid out and painted when
   scrolled near, not all at load (their content stays in the DOM and the accessibility tree). */
.chart { content-visibility: auto; contain-intrinsic-size: auto 480px; }
.chart.wide { grid-column: 1 / -1; }
.chart h2 { font-size: 1.15rem; margin: 0; }
.subtitle { margin: 0 0 .5rem; color: var(--muted); font-size: .85rem; }
figure { margin: 0; }
.svg svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.reading { margin: .5rem 0 0; font-weight: 500; }
.notes { margin: .5rem 0 0; padding-left: 1.5rem; font-size: .85rem; color: var(--muted); }
.notes li::marker { color: #b3261e; font-weight: 700; }
.table-wrap { overflow-x: auto; }
table.quality { border-collapse: collapse; margin: 1rem 0; width: 100%; min-width: 34rem; font-size: .9rem; }
table.quality caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
table.quality th, table.quality td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
table.quality td:nth-child(n+2):not(.eg) { font-variant-numeric: tabular-nums; }
table.quality .eg { color: var(--muted); font-size: .8rem; min-width: 18rem; }
@media (max-width: 600px) {
  main { padding: .75rem .5rem; }
  .chart { padding: .75rem .6rem; }
  h1 { font-size: 1.35rem; }
}
`;
