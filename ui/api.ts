// The JSON API as the UI uses it: one typed function per route, and the API's error envelope
// ({"error": {"code", "message", "sugerencias"?}}) turned into an ApiError.

import type { SearchPage, SearchTipo } from "../src/routes/buscar/buscar.schemas.ts";
import type { DiscoverPage } from "../src/routes/descubrir/descubrir.schemas.ts";
import type { Franchise } from "../src/routes/franquicia/franquicia.schemas.ts";
import type { Director } from "../src/routes/get_director/get_director.schemas.ts";
import type { Movie } from "../src/routes/peliculas/peliculas.schemas.ts";
import type { Language } from "../src/routes/peliculas_idioma/peliculas_idioma.schemas.ts";
import type { Country } from "../src/routes/peliculas_pais/peliculas_pais.schemas.ts";
import type { Company } from "../src/routes/productoras_exitosas/productoras_exitosas.schemas.ts";

export type { SearchItem } from "../src/routes/buscar/buscar.schemas.ts";
export type { DiscoverItem } from "../src/routes/descubrir/descubrir.schemas.ts";
// The answers' types are the API's own: z.infer of the zod schemas each route is documented and
// validated with (src/routes/<path>/<path>.schemas.ts, type-only imports: nothing of them is bundled).
export type { DiscoverPage, Movie, SearchPage };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Close names that exist, on a 404 of a named route. */
    readonly sugerencias: string[] = [],
    readonly retryAfter?: number,
    /** The query parameter holding the unknown name, and the name (/descubrir). */
    readonly parametro?: string,
    readonly valor?: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { signal, headers: { accept: "application/json" } });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network", "The API could not be reached. Check your connection and try again.");
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return body as T;
  const e = (body as { error?: { code?: string; message?: string; sugerencias?: string[]; parametro?: string; valor?: string } } | undefined)?.error;
  const retry = Number(res.headers.get("retry-after") ?? NaN);
  throw new ApiError(
    res.status,
    e?.code ?? "http_error",
    e?.message ?? `The API answered ${res.status}.`,
    e?.sugerencias ?? [],
    Number.isFinite(retry) ? retry : undefined,
    e?.parametro,
    e?.valor,
  );
}

const enc = encodeURIComponent;

export const api = {
  search: (q: string, opts: { tipo?: SearchTipo; page?: number; signal?: AbortSignal } = {}) =>
    getJson<SearchPage>(`/buscar?${new URLSearchParams({ q, tipo: opts.tipo ?? "todo", page: String(opts.page ?? 1) })}`, opts.signal),
  movie: (id: number) => getJson<Movie>(`/peliculas/${id}`),
  director: (name: string) => getJson<Director>(`/get_director/${enc(name)}`),
  franchise: (name: string) => getJson<Franchise>(`/franquicia/${enc(name)}`),
  country: (name: string) => getJson<Country>(`/peliculas_pais/${enc(name)}`),
  language: (name: string) => getJson<Language>(`/peliculas_idioma/${enc(name)}`),
  company: (name: string) => getJson<Company>(`/productoras_exitosas/${enc(name)}`),
  discover: (params: URLSearchParams, signal?: AbortSignal) => getJson<DiscoverPage>(`/descubrir?${params}`, signal),
};

export const isAbort = (err: unknown) => (err as Error | undefined)?.name === "AbortError";
