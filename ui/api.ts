// The JSON API as the UI uses it: one typed function per route, and the API's error envelope
// ({"error": {"code", "message", "sugerencias"?}}) turned into an ApiError.
export interface Ref { id: number; nombre: string }
export interface CodeRef { codigo: string; nombre: string }
/** `terminos`: the shared terms that weigh most in the similarity ("because: toy · andy · woody"). */
export interface Recommendation { id: number; titulo: string; anio: number; similitud: number; terminos: string[] }

export interface Movie {
  id: number; titulo: string; fecha: string; anio: number; duracion: number | null;
  presupuesto: number; ganancia: number; retorno: number;
  popularidad: number; votos_promedio: number; votos_cantidad: number;
  idioma_original: string; resumen: string;
  franquicia: Ref | null; generos: Ref[]; productoras: Ref[]; paises: CodeRef[]; idiomas: CodeRef[]; directores: Ref[];
  recomendaciones: Recommendation[];
}

export type SearchTipo = "todo" | "pelicula" | "director" | "franquicia" | "productora";
export type SearchItem =
  | { tipo: "pelicula"; id: number; titulo: string; anio: number; generos: string[] }
  | { tipo: "director" | "franquicia" | "productora"; id: number; nombre: string; cantidad_peliculas: number };
export interface SearchPage { page: number; total_results: number; total_results_capped: boolean; total_pages: number; results: SearchItem[] }

export interface DirectorMovie { id: number; titulo: string; anio: number; fecha: string; retorno: number; presupuesto: number; ganancia: number }
export interface Director { director: string; retorno_total_director: number; cantidad: number; peliculas: DirectorMovie[] }
export interface Franchise { franquicia: string; cantidad: number; ganancia_total: number; ganancia_promedio: number }
export interface Country { pais: string; codigo: string; cantidad: number }
export interface Language { idioma: string; codigo: string; cantidad: number }
export interface Company { productora: string; revenue_total: number; cantidad: number }

export interface DiscoverItem {
  id: number; titulo: string; anio: number; fecha: string; generos: string[];
  popularidad: number; votos_promedio: number; votos_cantidad: number; ganancia: number; retorno: number; duracion: number | null;
}
export interface DiscoverPage { page: number; total_results: number; total_results_capped: boolean; total_pages: number; results: DiscoverItem[] }

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
  throw new ApiError(res.status, e?.code ?? "http_error", e?.message ?? `The API answered ${res.status}.`, e?.sugerencias ?? [],
    Number.isFinite(retry) ? retry : undefined, e?.parametro, e?.valor);
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
