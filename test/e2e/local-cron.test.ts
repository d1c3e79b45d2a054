// The local cron trigger, exercised the way a user does it against the running server (the
// same Miniflare server `npm start` runs, on the browser tests' private state): edit one movie
// in a copy of the raw files, `npm run etl` + `npm run publish -- --local`, one request to the
// cron URL the start banner prints -> the edited answer is served and /version moved.
// Runs after the browser tests (vitest.e2e.config.ts groupOrder): it changes the served data.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { normalizeName } from "../../src/shared/normalize.ts";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test with \`npm run test:e2e\`.`);
  return value;
};
const BASE = env("E2E_BASE_URL");
const CRON_URL = env("E2E_CRON_URL");
const RAW_DIR = env("E2E_RAW_DIR");
const STATE_DIR = env("E2E_STATE_DIR");
const WORK = env("E2E_WORK_DIR");
const LIVE_VERSION = env("E2E_SEED_VERSION");

interface Row {
  record: string[];
  raw: string;
}
interface Duracion {
  id: number;
  pelicula: string;
  duracion: number | null;
  anio: number;
  otras_coincidencias: unknown[];
}

const getJson = async <T>(p: string): Promise<{ status: number; body: T }> => {
  const res = await fetch(`${BASE}${p}`);
  return { status: res.status, body: (await res.json()) as T };
};

/**
 * Runs an npm script as a user would (from the project folder); its output goes to a log file.
 * Asynchronously: a blocked event loop would miss the server closing idle keep-alive sockets,
 * and the next fetch would pick a dead one.
 */
async function npm(args: string[], log: string) {
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile("npm", ["run", "--silent", ...args], { env: { ...process.env, CI: "true" }, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
  fs.writeFileSync(path.join(WORK, log), `${stdout}\n${stderr}`);
  expect(code, `npm run ${args.join(" ")} failed:\n${stderr.slice(-2000)}`).toBe(0);
}

/** A CSV field as the raw file writes them: quoted when it must be. */
const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe("local cron trigger", () => {
  it("after an edit, `npm run etl` + `npm run publish -- --local` + one request to the cron URL serve it", async () => {
    const moviesFile = path.join(RAW_DIR, "movies_dataset.csv");
    const text = fs.readFileSync(moviesFile, "utf8");
    const [header, ...rows] = parse(text, { bom: true, relax_column_count: true, raw: true }) as unknown as Row[];
    const col = (name: string) => header!.record.indexOf(name);
    const [ID, TITLE, RUNTIME, DATE] = [col("id"), col("title"), col("runtime"), col("release_date")];
    const titles = new Map<string, number>();
    for (const { record } of rows) titles.set(normalizeName(record[TITLE] ?? ""), (titles.get(normalizeName(record[TITLE] ?? "")) ?? 0) + 1);

    // The first movie whose title is its own and whose runtime the API serves as in the file.
    let target: { row: Row; title: string; runtime: number } | undefined;
    for (const row of rows) {
      const r = row.record;
      const runtime = Number(r[RUNTIME]);
      if (!/^\d+$/.test(r[ID] ?? "") || !/^\d{4}-\d{2}-\d{2}$/.test(r[DATE] ?? "") || !(runtime > 0)) continue;
      const title = r[TITLE] ?? "";
      if (!title.trim() || titles.get(normalizeName(title)) !== 1) continue;
      const { status, body } = await getJson<Duracion>(`/peliculas_duracion/${encodeURIComponent(title)}`);
      if (status === 200 && body.id === Number(r[ID]) && body.duracion === runtime && body.otras_coincidencias.length === 0) {
        target = { row, title, runtime };
        break;
      }
    }
    expect(target, "no movie with a unique title and a served runtime").toBeDefined();
    const { row, title, runtime } = target!;
    const edited = runtime + 7;
    // A runtime is not part of the recommender's text: its recommendations must not change.
    const recsPath = `/recomendacion/${encodeURIComponent(title)}`;
    const recsBefore = await getJson<{ titulos_recomendados: string[] }>(recsPath);
    expect(recsBefore.status).toBe(200);

    // A copy of the raw files with that one runtime changed.
    const rawCopy = path.join(WORK, "raw-edited");
    fs.mkdirSync(rawCopy, { recursive: true });
    const fields = [...row.record];
    fields[RUNTIME] = String(edited);
    const at = text.indexOf(row.raw);
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(path.join(rawCopy, "movies_dataset.csv"), text.slice(0, at) + `${fields.map(csvField).join(",")}\n` + text.slice(at + row.raw.length));
    fs.copyFileSync(path.join(RAW_DIR, "credits.csv"), path.join(rawCopy, "credits.csv"));

    const seed = path.join(WORK, "seed-edited");
    await npm(["etl", "--", "--raw", rawCopy, "--out", seed, "--quiet"], "etl-edited.log");
    await npm(["publish", "--", "--local", "--seed", seed, "--persist-to", STATE_DIR], "publish-edited.log");
    const version = (JSON.parse(fs.readFileSync(path.join(seed, "manifest.json"), "utf8")) as { version: string }).version;
    expect(version).not.toBe(LIVE_VERSION);

    // One request to the cron URL: the Worker's scheduled handler runs and reports its outcome.
    const res = await fetch(CRON_URL);
    const cron = (await res.json()) as {
      outcome: string;
      version: { version: string; reseed: { last_attempt: { outcome: string; version: string; from: string } } };
    };
    expect(res.status, JSON.stringify(cron)).toBe(200);
    expect(cron.outcome).toBe("ok");
    expect(cron.version.reseed.last_attempt).toMatchObject({ outcome: "applied", version, from: LIVE_VERSION });

    const now = await getJson<{ version: string }>("/version");
    expect(now.body.version).toBe(version);
    const answer = await getJson<Duracion>(`/peliculas_duracion/${encodeURIComponent(title)}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: Number(row.record[ID]), duracion: edited });
    const recsAfter = await getJson<{ titulos_recomendados: string[] }>(recsPath);
    expect(recsAfter.status, JSON.stringify(recsAfter.body)).toBe(200);
    expect(recsAfter.body.titulos_recomendados).toEqual(recsBefore.body.titulos_recomendados);
  });
});
