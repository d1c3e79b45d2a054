// Hash routes of the UI (#/pelicula/862): the page stays one static file, so the Workers assets
// layer serves it as is, and every view is a link that can be bookmarked or shared.
export type Route =
  | { view: "home" }
  | { view: "pelicula"; id: number }
  | { view: Named; name: string }
  | { view: "buscar"; q: string; page: number }
  | { view: "descubrir"; params: URLSearchParams }
  | { view: "unknown"; path: string };

const NAMED = ["director", "franquicia", "pais", "idioma", "productora"] as const;
export type Named = (typeof NAMED)[number];

const enc = encodeURIComponent;

export const href = {
  home: () => "#/",
  movie: (id: number) => `#/pelicula/${id}`,
  named: (view: Named, name: string) => `#/${view}/${enc(name)}`,
  search: (q: string, page = 1) => `#/buscar/${enc(q)}${page > 1 ? `?page=${page}` : ""}`,
  /** The browse page: its filters, sort and page are the /descubrir query, so the URL can be shared. */
  discover: (params: URLSearchParams | Record<string, string> = {}) => {
    const q = new URLSearchParams(params).toString();
    return `#/descubrir${q ? `?${q}` : ""}`;
  },
};

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#/, "").split("?", 2);
  const parts = path.split("/").filter(Boolean);
  let decoded: string[];
  try {
    decoded = parts.map(decodeURIComponent);
  } catch {
    return { view: "unknown", path };
  }
  const [view, arg] = decoded;
  if (!view) return { view: "home" };
  if (view === "pelicula" && arg && /^\d{1,15}$/.test(arg)) return { view, id: Number(arg) };
  if ((NAMED as readonly string[]).includes(view) && arg) return { view: view as Named, name: arg };
  if (view === "descubrir" && !arg) return { view, params: new URLSearchParams(query) };
  if (view === "buscar" && arg) {
    const page = Number(new URLSearchParams(query).get("page") ?? "1");
    return { view, q: arg, page: Number.isInteger(page) && page > 0 ? page : 1 };
  }
  return { view: "unknown", path };
}
