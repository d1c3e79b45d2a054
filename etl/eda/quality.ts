// The data-quality table of the EDA report: the ETL report's rows read/kept/rejected per file
// and every rejection, repair, skip and note by reason (etl/report.ts, docs/design.md rule 7).
import type { CleaningOutcome, EtlReportJSON } from "../report.ts";
import { count, esc, pct } from "./format.ts";

export interface QualitySection {
  id: string;
  title: string;
  reading: string;
  html: string;
}

const OUTCOME_TEXT: Record<CleaningOutcome, string> = {
  rejected: "Rejected (row dropped)",
  repaired: "Repaired (value replaced)",
  skipped: "Skipped (not used)",
  noted: "Noted (no change)",
};

export function qualitySection(report: EtlReportJSON, moviesFile: string): QualitySection {
  const files = Object.entries(report.files);
  const movies = report.files[moviesFile];
  const [topReason, topTally] = Object.entries(report.rejected)[0] ?? [];
  const reading = movies
    ? `${count(movies.read)} movie rows read, ${count(movies.kept)} kept (${pct(movies.kept, movies.read)}); ` +
      `${count(report.totals.rejected)} rejected` +
      (topReason && topTally ? `, most for ${topReason.replace(/_/g, " ")} (${count(topTally.count)})` : "") +
      `, and ${count(report.totals.repaired)} values repaired.`
    : `${count(report.totals.rejected)} rows rejected and ${count(report.totals.repaired)} values repaired.`;

  const fileRows = files.map(
    ([name, c]) =>
      `<tr><th scope="row">${esc(name)}</th><td>${count(c.read)}</td><td>${count(c.kept)}</td><td>${count(c.rejected)}</td><td>${count(c.skipped)}</td></tr>`,
  );
  const reasonRows = (Object.keys(OUTCOME_TEXT) as CleaningOutcome[]).flatMap((outcome) => {
    const entries = Object.entries(report[outcome]);
    if (!entries.length) return [`<tr><th scope="row">${OUTCOME_TEXT[outcome]}</th><td>—</td><td>0</td><td></td></tr>`];
    return entries.map(
      ([reason, t], i) =>
        `<tr>${i === 0 ? `<th scope="rowgroup" rowspan="${entries.length}">${OUTCOME_TEXT[outcome]}</th>` : ""}` +
        `<td><code>${esc(reason)}</code></td><td>${count(t.count)}</td><td class="eg">${esc(t.examples.join("; "))}</td></tr>`,
    );
  });
  const html = `
<table class="quality">
  <caption>Rows per input file</caption>
  <thead><tr><th scope="col">File</th><th scope="col">Read</th><th scope="col">Kept</th><th scope="col">Rejected</th><th scope="col">Skipped</th></tr></thead>
  <tbody>${fileRows.join("")}</tbody>
</table>
<table class="quality">
  <caption>Rejections and repairs by reason</caption>
  <thead><tr><th scope="col">Outcome</th><th scope="col">Reason</th><th scope="col">Count</th><th scope="col">Examples</th></tr></thead>
  <tbody>${reasonRows.join("")}</tbody>
</table>`;
  return { id: "quality", title: "Data quality", reading, html };
}
