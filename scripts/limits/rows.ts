// The fetch rows of the harness: every route in the states that cost differently, each as a
// sequence of samples (./measure.ts) whose inputs are drawn from the loaded database, so the
// same code fits the real data and a synthetic catalogue. Inputs are distinct where the route
// takes one (titles, names, ids), so isolate caches do not turn samples into hits; every sample
// first asks /health, which (re)loads the dataset version if its TTL ran out, so the measured
// call finds it in isolate memory — the state of a warm isolate. The isolate refresh itself is
// its own row (and is in every cold first call).
import { BENCH_NO_CACHE_HEADER } from "../../src/lib/bench.ts";
import { buildMix, ROUTES, type Route, readNames } from "../bench-inputs.ts";
import { wrangler } from "../wrangler.ts";
import type { Invocation } from "./invoke.ts";
import type { CacheMode, ResetKind, SampleSpec, Step } from "./measure.ts";

/** Which rows-read budget of issue 10 a row answers to. */
export type RowsBudget = "found" | "suggest" | "search" | "refresh";

export interface RowSpec {
  /** Stable id (the quota model's mix refers to rows by it). */
  id: string;
  route: string;
  case: string;
  rowsBudget?: RowsBudget;
  cache: CacheMode;
  /** Module caches the row must be able to empty; without them it is skipped (and said so). */
  needs?: ResetKind[];
  samples: SampleSpec[];
}

const TEMPLATE: Record<Route, string> = {
  peliculas_idioma: "/peliculas_idioma/{idioma}",
  peliculas_duracion: "/peliculas_duracion/{pelicula}",
  franquicia: "/franquicia/{franquicia}",
  peliculas_pais: "/peliculas_pais/{pais}",
  productoras_exitosas: "/productoras_exitosas/{productora}",
  get_director: "/get_director/{nombre_director}",
  recomendacion: "/recomendacion/{titulo}",
};

/** Skips the isolate answer cache, ETags and the Cache API (bench mode): the route's own work. */
const uncached = (path: string): Invocation => ({ kind: "fetch", path, headers: { [BENCH_NO_CACHE_HEADER]: "1" } });
const plain = (path: string): Invocation => ({ kind: "fetch", path });
const HEALTH: Step = plain("/health");

/** `n` samples over `inputs` (cycled if fewer), each after the warm-isolate setup. */
function samples(n: number, inputs: string[], make: (input: string) => { setup?: Step[]; measured: Invocation }): SampleSpec[] {
  if (!inputs.length) return [];
  return Array.from({ length: n }, (_, i) => {
    const s = make(inputs[i % inputs.length]!);
    return { setup: [HEALTH, ...(s.setup ?? [])], measured: s.measured };
  });
}

/** One D1 query on the local state through wrangler (before the proxy is opened). */
function queryLocal<T>(persistTo: string, sql: string): T[] {
  const out = wrangler(["d1", "execute", "DB", "--local", `--persist-to=${persistTo}`, "--json", "--command", sql], { quiet: true });
  return (JSON.parse(out) as { results: T[] }[])[0]?.results ?? [];
}

/** A search as a user types it: the first word and the start of the second ("toy sto"). */
function typedQuery(title: string): string {
  const words = title.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length > 1 ? `${words[0]} ${words[1]!.slice(0, 3)}` : words[0]!.slice(0, Math.max(2, Math.ceil(words[0]!.length / 2)));
}

export function buildRows(persistTo: string, n: number): RowSpec[] {
  const names = readNames(persistTo);
  // buildMix draws 15% misses: ask for enough paths that each list has n distinct ones.
  const mix = buildMix(names, Math.ceil(n / 0.14) + 20);
  const ids = queryLocal<{ id: number }>(persistTo, `SELECT id FROM movies ORDER BY vote_count DESC, id LIMIT ${n}`).map((r) => String(r.id));
  const enc = encodeURIComponent;
  const rows: RowSpec[] = [];
  const row = (r: Omit<RowSpec, "cache"> & { cache?: CacheMode }) => rows.push({ cache: "workers.dev", ...r });
  /** A row of uncached requests, one path per sample. */
  const uncachedRow = (r: Omit<RowSpec, "cache" | "samples">, paths: string[]) => row({ ...r, samples: samples(n, paths, (p) => ({ measured: uncached(p) })) });

  for (const route of ROUTES) {
    const at = { route: TEMPLATE[route] };
    uncachedRow({ ...at, id: `${route}:hit`, case: "hit", rowsBudget: "found" }, mix[route].hits);
    uncachedRow({ ...at, id: `${route}:miss`, case: "404 + suggestions (typo)", rowsBudget: "suggest" }, mix[route].misses);
    if (route === "peliculas_duracion" || route === "recomendacion") {
      const anio = names.shared.map((s) => `/${route}/${enc(s.name)}?anio=${s.year}`);
      uncachedRow({ ...at, id: `${route}:anio`, case: "?anio= (shared title)", rowsBudget: "found" }, anio);
    }
  }
  const byId = { route: "/peliculas/{id}", rowsBudget: "found" } as const;
  uncachedRow(
    { ...byId, id: "peliculas:hit", case: "hit" },
    ids.map((id) => `/peliculas/${id}`),
  );
  uncachedRow({ ...byId, id: "peliculas:miss", case: "404 (unknown id)" }, ["/peliculas/999999999"]);

  const typed = [...new Set(names.titles.map((t) => typedQuery(t.name)))];
  const search = (id: string, kase: string, queries: string[]) =>
    uncachedRow(
      { id: `buscar:${id}`, route: "/buscar", case: kase, rowsBudget: "search" },
      queries.map((q) => `/buscar?${q}`),
    );
  search(
    "typed",
    "typed prefix (`toy sto`)",
    typed.map((q) => `q=${enc(q)}`),
  );
  search("a", "`q=a`", ["q=a"]);
  search("th", "`q=th`", ["q=th"]);
  search("the", "`q=the` (stop word)", ["q=the"]);
  search("the-deep", "`q=the&page=500` (deepest page)", ["q=the&page=500"]);
  search("a-deep", "`q=a&page=500` (deepest page)", ["q=a&page=500"]);
  search("director", "`tipo=director&q=john`", ["tipo=director&q=john"]);

  for (const path of ["/openapi.json", "/docs", "/health", "/version"]) {
    uncachedRow({ id: `${path.slice(1)}`, route: path, case: "uncached" }, [path]);
  }

  // Cached states, on a title lookup (the commonest route) and the OpenAPI document.
  const titles = mix.peliculas_duracion.hits;
  row({
    id: "cached:stored",
    route: TEMPLATE.peliculas_duracion,
    case: "first request, answer stored (workers.dev)",
    rowsBudget: "found",
    samples: samples(n, titles, (p) => ({ measured: plain(p) })),
  });
  row({
    id: "cached:stored-domain",
    route: TEMPLATE.peliculas_duracion,
    case: "first request, answer stored (custom domain)",
    rowsBudget: "found",
    cache: "custom-domain",
    samples: samples(n, titles, (p) => ({ measured: plain(p) })),
  });
  row({
    id: "cached:memory",
    route: TEMPLATE.peliculas_duracion,
    case: "isolate-memory hit",
    samples: samples(n, titles, (p) => ({ setup: [plain(p)], measured: plain(p) })),
  });
  row({
    id: "cached:304",
    route: TEMPLATE.peliculas_duracion,
    case: "304 (If-None-Match)",
    samples: samples(n, titles, (p) => ({ setup: [plain(p)], measured: { ...plain(p), ifNoneMatch: true } })),
  });
  row({
    id: "cached:edge",
    route: TEMPLATE.peliculas_duracion,
    case: "Cache API hit (custom domain, new isolate memory)",
    cache: "custom-domain",
    needs: ["answers"],
    samples: samples(n, titles, (p) => ({ setup: [plain(p), { reset: "answers" }], measured: plain(p) })),
  });
  row({
    id: "cached:openapi",
    route: "/openapi.json",
    case: "isolate-memory hit",
    samples: samples(n, ["/openapi.json"], (p) => ({ setup: [plain(p)], measured: plain(p) })),
  });
  row({
    id: "cached:shard",
    route: TEMPLATE.recomendacion,
    case: "hit, shard in isolate memory",
    rowsBudget: "found",
    samples: samples(n, mix.recomendacion.hits, (p) => ({ setup: [uncached(p)], measured: uncached(p) })),
  });
  row({
    id: "refresh",
    route: "/health",
    case: "isolate refresh (dataset version + shard map)",
    rowsBudget: "refresh",
    needs: ["dataset"],
    samples: samples(n, ["/health"], (p) => ({ setup: [{ reset: "dataset" }], measured: plain(p) })),
  });
  return rows;
}
