// Checks on the deployed Worker, from its answers: /health, /version (and the first load's
// progress), one data route, and POST /admin/reseed to start the load. HTTP goes through `Http`
// and time through `Clock`, so the tests drive them with canned answers and a fake clock.
import { DeployError } from "./deploy-error.ts";
import { SMOKE_DATA_ROUTE } from "./plan.ts";

export interface Answer {
  status: number;
  body: unknown;
}
export type Http = (url: string, init?: { method?: "GET" | "POST"; headers?: Record<string, string> }) => Promise<Answer>;
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const brief = (a: Answer) => `${a.status} ${JSON.stringify(a.body).slice(0, 160)}`;

/** fetch with a timeout; the body as JSON when it is JSON, else as text. */
export const fetchHttp: Http = async (url, init = {}) => {
  const res = await fetch(url, { method: init.method ?? "GET", headers: init.headers, signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
};

/** /health: 200 `ok` with the dataset, or 503 `no_data` before the first load. Anything else fails. */
export function readHealth(a: Answer): string {
  const b = a.body;
  if (a.status === 200 && isRecord(b) && b.status === "ok" && isRecord(b.dataset)) {
    return `ok: dataset ${String(b.dataset.version)} (${String(b.dataset.movies)} movies)`;
  }
  if (a.status === 503 && isRecord(b) && b.status === "no_data") return "running; no dataset loaded yet";
  throw new DeployError(`/health answered ${brief(a)}`);
}

export interface VersionState {
  live: string | null;
  progress: string;
}

/** /version: the live version (null before the first load) and a line on the reseed's progress. */
export function readVersion(a: Answer): VersionState {
  const b = a.body;
  if ((a.status !== 200 && a.status !== 503) || !isRecord(b) || !("version" in b)) throw new DeployError(`/version answered ${brief(a)}`);
  const live = typeof b.version === "string" ? b.version : null;
  const reseed = isRecord(b.reseed) ? b.reseed : {};
  const parts: string[] = [`live: ${live ?? "none"}`];
  // Progress fields are the Worker's to define: show whatever it reports, compactly.
  if (reseed.in_progress) parts.push(`in progress: ${JSON.stringify(reseed.in_progress)}`);
  if (b.progress) parts.push(`progress: ${JSON.stringify(b.progress)}`);
  if (isRecord(reseed.last_attempt)) {
    const l = reseed.last_attempt;
    parts.push(`last run: ${String(l.outcome)}${l.message ? ` (${String(l.message)})` : ""}${l.at ? ` at ${String(l.at)}` : ""}`);
  }
  return { live, progress: parts.join("; ") };
}

/** The data route: 200 with a count once a dataset is live. */
export function readDataRoute(a: Answer): string {
  const b = a.body;
  if (a.status === 200 && isRecord(b) && typeof b.cantidad === "number") return `${String(b.idioma)}: ${b.cantidad} movies`;
  throw new DeployError(`${SMOKE_DATA_ROUTE} answered ${brief(a)}`);
}

/** POST /admin/reseed: 200 with the run's report, 409 while another run holds the lease. */
export function readKick(a: Answer): string {
  const b = a.body;
  if (a.status === 200 && isRecord(b) && isRecord(b.reseed)) {
    const r = b.reseed;
    return `reseed ${String(r.outcome)}${isRecord(r.staged) ? ` (staged ${String(r.staged.done)}/${String(r.staged.total)})` : ""}`;
  }
  if (a.status === 409) return "another reseed run is in progress";
  const message = isRecord(b) && isRecord(b.error) ? String(b.error.message) : JSON.stringify(b).slice(0, 160);
  throw new DeployError(`POST /admin/reseed answered ${a.status}: ${message}`);
}

/**
 * GET `url` until it answers something other than a network error or 404: a new workers.dev
 * name, or a new secret, can take a little while to be served everywhere.
 */
export async function reach(
  http: Http,
  clock: Clock,
  url: string,
  init: Parameters<Http>[1],
  maxMs: number,
  hint = "a new workers.dev subdomain can take a few minutes: run the deploy again, it finds everything it created",
): Promise<Answer> {
  const until = clock.now() + maxMs;
  for (;;) {
    let why: string;
    try {
      const a = await http(url, init);
      if (a.status !== 404) return a;
      why = "404";
    } catch (err) {
      why = (err as Error).message;
    }
    if (clock.now() >= until) throw new DeployError(`${url} not reachable after ${Math.round(maxMs / 1000)} s (${why}); ${hint}`);
    await clock.sleep(5_000);
  }
}

export interface SmokeResult {
  health: string;
  version: VersionState;
  data?: string;
}

export async function smoke(http: Http, clock: Clock, base: string, say: (l: string) => void): Promise<SmokeResult> {
  const health = readHealth(await reach(http, clock, `${base}/health`, undefined, 120_000));
  say(`/health: ${health}`);
  const version = readVersion(await http(`${base}/version`));
  say(`/version: ${version.progress}`);
  if (!version.live) return { health, version };
  const data = readDataRoute(await http(`${base}${SMOKE_DATA_ROUTE}`));
  say(`${SMOKE_DATA_ROUTE}: ${data}`);
  return { health, version, data };
}

export interface WaitOptions {
  base: string;
  /** The version `npm run publish` pointed `latest` at. */
  expected: string;
  maxMs: number;
  everyMs: number;
  /** With it, each poll also POSTs /admin/reseed, so the load goes on without waiting for the cron. */
  kick?: () => Promise<void>;
}

/** Polls /version until `expected` is live, printing each change; a DeployError when time runs out. */
export async function waitForLoad(http: Http, clock: Clock, o: WaitOptions, say: (l: string) => void): Promise<void> {
  const until = clock.now() + o.maxMs;
  let last = "";
  for (;;) {
    const v = readVersion(await http(`${o.base}/version`));
    if (v.progress !== last) say(`/version: ${v.progress}`);
    last = v.progress;
    if (v.live === o.expected) return;
    if (clock.now() >= until) {
      throw new DeployError(
        `version ${o.expected} not live after ${Math.round(o.maxMs / 60_000)} min (${v.progress}); the reseed goes on by itself, follow it at ${o.base}/version`,
      );
    }
    await clock.sleep(o.everyMs);
    if (o.kick) await o.kick();
  }
}
