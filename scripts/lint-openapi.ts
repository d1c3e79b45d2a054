// `npm run lint:openapi`: generates the OpenAPI document from the Worker's own app (as
// scripts/prepare-assets.ts does for public/openapi.json) and lints it with Redocly CLI
// (`recommended`, redocly.yaml) and Spectral (`spectral:oas`, .spectral.yaml). Any error or
// warning fails; the rules turned off, each with its reason, are in those two files.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeOpenApi } from "./prepare-assets.ts";

const bin = (name: string) => path.resolve("node_modules/.bin", name);
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };

interface RedoclyProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer?: string }[];
}

function redocly(file: string): number {
  const run = spawnSync(bin("redocly"), ["lint", file, "--config", "redocly.yaml", "--format", "json"], { encoding: "utf8", env });
  const out = run.stdout.slice(run.stdout.indexOf("{"));
  let report: { totals: { errors: number; warnings: number }; problems: RedoclyProblem[] };
  try {
    report = JSON.parse(out);
  } catch {
    process.stderr.write(run.stdout + run.stderr);
    return 1;
  }
  for (const p of report.problems) console.log(`  ${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? "?"})`);
  console.log(`Redocly (recommended): ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
  return report.totals.errors + report.totals.warnings > 0 || run.status !== 0 ? 1 : 0;
}

function spectral(file: string): number {
  const run = spawnSync(bin("spectral"), ["lint", file, "--ruleset", ".spectral.yaml", "--fail-severity", "hint", "--format", "json", "--quiet"], {
    encoding: "utf8",
    env,
  });
  let results: { code: string; severity: number; message: string; path: string[] }[];
  try {
    results = JSON.parse(run.stdout || "[]");
  } catch {
    process.stderr.write(run.stdout + run.stderr);
    return 1;
  }
  const severity = ["error", "warning", "info", "hint"];
  for (const r of results) console.log(`  ${severity[r.severity]} ${r.code}: ${r.message} (${r.path.join(".")})`);
  const count = (s: number) => results.filter((r) => r.severity === s).length;
  console.log(`Spectral (spectral:oas): ${count(0)} errors, ${count(1)} warnings, ${count(2)} infos, ${count(3)} hints`);
  return results.length > 0 || run.status !== 0 ? 1 : 0;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openapi-lint-"));
try {
  await writeOpenApi(dir);
  // Indented, so that a problem's line points somewhere readable.
  const file = path.join(dir, "openapi.json");
  fs.writeFileSync(file, JSON.stringify(JSON.parse(fs.readFileSync(file, "utf8")), null, 2));
  process.exitCode = redocly(file) | spectral(file);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
