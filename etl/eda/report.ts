// The ETL's "eda" stage: cleaned movies + the ETL report -> seed/eda/ (index.html with the
// charts as SVG, eda.css, and data.json with the figures behind them). scripts/prepare-assets.ts
// copies the folder to public/eda/, where the Worker serves it as static assets at /eda.
import fs from "node:fs";
import path from "node:path";
import type { CleanMovie } from "../../src/shared/types.ts";
import type { EtlReport } from "../report.ts";
import { edaCharts } from "./charts.ts";
import type { ModelStats, Term } from "./model.ts";
import { REPORT_CSS, type RenderedChart, reportPage } from "./page.ts";
import { qualitySection } from "./quality.ts";
import { renderSvg } from "./render.ts";
import { type EdaStats, edaStats } from "./stats.ts";

export interface EdaSource {
  moviesFile: string;
  sample: boolean;
}
/** data.json: the figures of every chart and their readings. */
export interface EdaData {
  stats: EdaStats;
  readings: Record<string, string>;
}

/** `model`, `overviewTerms`: the recommender's figures (model.ts), when the report is built with the neighbours (edaStats). */
export async function writeEdaReport(
  outDir: string,
  movies: CleanMovie[],
  report: EtlReport,
  source: EdaSource,
  model: ModelStats | null = null,
  overviewTerms: Term[] | null = null,
): Promise<EdaData> {
  const stats = edaStats(movies, model, overviewTerms);
  const charts: RenderedChart[] = await Promise.all(edaCharts(stats).map(async (c) => ({ ...c, svg: await renderSvg(c.spec) })));
  const moviesFile = path.basename(source.moviesFile);
  const quality = qualitySection(report.toJSON(), moviesFile);
  const html = reportPage(
    { movies: movies.length, source: source.sample ? "the project's hand-written sample" : moviesFile, builtAt: new Date().toISOString() },
    charts,
    quality,
  );
  const data: EdaData = { stats, readings: Object.fromEntries([...charts, quality].map((c) => [c.id, c.reading])) };

  // Written next to the final folder and swapped in, so a failed run leaves the old report.
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(path.join(tmp, "index.html"), html);
  fs.writeFileSync(path.join(tmp, "eda.css"), REPORT_CSS.trimStart());
  fs.writeFileSync(path.join(tmp, "data.json"), JSON.stringify(data));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  return data;
}
