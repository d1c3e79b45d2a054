// The daily-quota model: how many requests a day of a realistic mix the Free plan allows.
//
//   per request   the mix's weighted mean of each measured row's mean counts, times the share
//                 of requests not answered from isolate memory or by a 304 (those touch
//                 neither D1 nor KV, but still count as Worker requests);
//   fixed per day the isolate refreshes (ISOLATES isolates alive all day, each replaced every
//                 LIFETIME minutes and re-reading the dataset version at start and then at
//                 most once per refresh interval — assumed busy enough to do so every time),
//                 plus the cron's runs on a day without a new dataset (the "unchanged" run);
//   allowed       for each quota (limit - fixed) / per request; the smallest one binds.
// Every assumption is a parameter, printed with the table.
import fs from "node:fs";
import type { Counts } from "./bindings.ts";
import { DAILY } from "./budgets.ts";
import type { CronResult, RowResult } from "./summary.ts";

/** Share of the requests of each kind (percent; rows by id, see ./rows.ts). */
export const MIX: Record<string, number> = {
  // The web UI searches as the user types (2+ characters), then opens movie cards.
  "buscar:typed": 22,
  "buscar:th": 5,
  "buscar:the": 2,
  "buscar:a": 1,
  "peliculas:hit": 16,
  "recomendacion:hit": 12,
  "peliculas_duracion:hit": 8,
  "recomendacion:anio": 1,
  "peliculas_duracion:anio": 1,
  "get_director:hit": 5,
  "franquicia:hit": 3,
  "peliculas_pais:hit": 3,
  "peliculas_idioma:hit": 3,
  "productoras_exitosas:hit": 3,
  // Typos: 404 with suggestions.
  "peliculas_duracion:miss": 3,
  "recomendacion:miss": 2,
  "get_director:miss": 1,
  "franquicia:miss": 1,
  "productoras_exitosas:miss": 1,
  "peliculas_pais:miss": 1,
  "peliculas_idioma:miss": 1,
  health: 2,
  version: 1,
  "openapi.json": 1,
  docs: 1,
};

export interface QuotaAssumptions {
  /** Share of requests answered from isolate memory or with a 304. */
  cachedShare: number;
  isolates: number;
  lifetimeMin: number;
  refreshS: number;
  /** Where refreshS comes from (the Worker's code, the command line, or an assumption). */
  refreshFrom: string;
  cron: string;
}

/** The dataset-version refresh interval the Worker uses (src/db/dataset.ts TTL_MS), if found. */
export function refreshIntervalS(): number | undefined {
  const m = /TTL_MS\s*=\s*([\d_]+)/.exec(fs.readFileSync("src/db/dataset.ts", "utf8"));
  return m ? Number(m[1]!.replaceAll("_", "")) / 1000 : undefined;
}

/** Runs a day of a cron expression (minute and hour fields: *, * /n, n, a-b, lists; day fields ignored). */
export function cronRunsPerDay(expr: string): number {
  const [min = "*", hour = "*"] = expr.trim().split(/\s+/);
  const count = (field: string, size: number) => {
    const hits = new Set<number>();
    for (const part of field.split(",")) {
      const [range, step = "1"] = part.split("/");
      const [lo, hi] =
        range === "*" ? [0, size - 1] : range!.includes("-") ? range!.split("-").map(Number) : [Number(range), part.includes("/") ? size - 1 : Number(range)];
      for (let v = lo!; v <= hi!; v += Number(step)) hits.add(v);
    }
    return hits.size;
  };
  return count(min, 60) * count(hour, 24);
}

type Quota = { name: string; limit: number; use: (c: Counts) => number; unit?: string };
const QUOTAS: Quota[] = [
  { name: "Worker requests", limit: DAILY.requests, use: () => 1 },
  { name: "D1 rows read", limit: DAILY.d1RowsRead, use: (c) => c.rowsRead },
  { name: "D1 rows written", limit: DAILY.d1RowsWritten, use: (c) => c.rowsWritten },
  { name: "KV reads", limit: DAILY.kvReads, use: (c) => c.kvReads },
  { name: "KV writes", limit: DAILY.kvWrites, use: (c) => c.kvWrites },
  { name: "KV deletes", limit: DAILY.kvDeletes, use: (c) => c.kvDeletes },
  { name: "KV lists", limit: DAILY.kvLists, use: (c) => c.kvLists },
];

export interface QuotaLine {
  name: string;
  limit: number;
  fixed: number;
  perRequest: number;
  allowed: number;
}
export interface QuotaModel {
  lines: QuotaLine[];
  allowed: number;
  binding: string;
  refreshesPerDay: number;
  cronRunsPerDay: number;
  missing: string[];
  updateDay?: { rowsWritten: number; kvWrites: number };
}

export function quotaModel(rows: RowResult[], cron: CronResult[] | undefined, a: QuotaAssumptions): QuotaModel {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = Object.keys(MIX).filter((id) => !byId.has(id));
  const total = Object.entries(MIX)
    .filter(([id]) => byId.has(id))
    .reduce((n, [, w]) => n + w, 0);
  const refresh = byId.get("refresh")?.countsMean;
  // Each isolate slot: a new isolate every `lifetimeMin`, each refreshing at start and then once
  // per interval: max(1, lifetime / interval) refreshes per lifetime.
  const refreshesPerDay = a.isolates * 1440 * Math.max(1 / a.lifetimeMin, 60 / a.refreshS);
  const runs = cronRunsPerDay(a.cron);
  // A day without a new dataset: every cron run is the "unchanged" job (its invocations summed).
  const unchanged = cron?.find((c) => c.id === "unchanged")?.invocations.map((i) => i.counts);
  const lines = QUOTAS.map((q): QuotaLine => {
    let perRequest = 0;
    for (const [id, w] of Object.entries(MIX)) {
      const r = byId.get(id);
      if (r) perRequest += (w / total) * q.use(r.countsMean);
    }
    // Answers from isolate memory and 304s are Worker requests that touch no storage.
    if (q.name !== "Worker requests") perRequest *= 1 - a.cachedShare;
    // Cron invocations count as Worker requests; isolate refreshes happen inside requests.
    const fixed =
      q.name === "Worker requests"
        ? runs * (unchanged?.length ?? 1)
        : (refresh ? refreshesPerDay * q.use(refresh) : 0) + runs * (unchanged ?? []).reduce((n, c) => n + q.use(c), 0);
    const allowed = perRequest > 0 ? Math.max(0, (q.limit - fixed) / perRequest) : Infinity;
    return { name: q.name, limit: q.limit, fixed, perRequest, allowed };
  });
  const bound = lines.reduce((a, b) => (b.allowed < a.allowed ? b : a));
  const applied = cron?.filter((c) => c.id === "meta-1pct");
  const updateDay = applied?.length
    ? {
        rowsWritten: applied[0]!.invocations.reduce((n, i) => n + i.counts.rowsWritten, 0),
        kvWrites: applied[0]!.invocations.reduce((n, i) => n + i.counts.kvWrites, 0),
      }
    : undefined;
  return { lines, allowed: bound.allowed, binding: bound.name, refreshesPerDay, cronRunsPerDay: runs, missing, updateDay };
}
