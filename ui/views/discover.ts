// Browsing the catalogue (/descubrir): a form of filters and sort whose values are the page's URL
// (#/descubrir?genero=Animation&anio_desde=1990&…, shareable), the matching movies 20 a page,
// and the home page's rows, each a /descubrir query with a link to browse the rest.

import { DIRECTIONS, type Direction, defaultDirection, ORDERS, type Order } from "../../src/shared/discover.ts";
import { ApiError, api, type DiscoverItem } from "../api.ts";
import { type CatalogChoices, type Choice, catalogChoices } from "../catalog.ts";
import { type Child, h } from "../dom.ts";
import { count, fixed, money } from "../format.ts";
import { href } from "../routes.ts";
import { headedPage, type Page } from "./common.ts";

const ORDER_LABEL: Record<Order, string> = {
  popularidad: "Popularity",
  votos_promedio: "Rating",
  votos_cantidad: "Number of votes",
  fecha: "Release date",
  ganancia: "Revenue",
  retorno: "Return (revenue ÷ budget)",
  titulo: "Title",
};

/** The form's fields, in the order of the API's parameters. */
const TEXT_FIELDS: { name: string; label: string; list?: keyof CatalogChoices; type?: "number"; hint?: string }[] = [
  { name: "genero", label: "Genre", list: "genres" },
  { name: "anio_desde", label: "Released from", type: "number", hint: "year" },
  { name: "anio_hasta", label: "Released until", type: "number", hint: "year" },
  { name: "idioma", label: "Language", list: "languages", hint: "code or name" },
  { name: "pais", label: "Country", list: "countries", hint: "code or name" },
  { name: "productora", label: "Company" },
  { name: "franquicia", label: "Franchise" },
  { name: "director", label: "Director" },
  { name: "votos_min", label: "At least … votes", type: "number" },
  { name: "duracion_min", label: "Runtime from", type: "number", hint: "minutes" },
  { name: "duracion_max", label: "Runtime up to", type: "number", hint: "minutes" },
];

/** What a result shows next to its title: the value it is sorted by, or its rating. */
export function sortedValue(m: DiscoverItem, order: Order): string {
  switch (order) {
    case "votos_cantidad":
      return `${count(m.votos_cantidad)} votes`;
    case "fecha":
      return m.fecha;
    case "ganancia":
      return m.ganancia ? `revenue ${money(m.ganancia)}` : "revenue unknown";
    case "retorno":
      return m.retorno ? `return ${fixed(m.retorno)}×` : "return unknown";
    case "popularidad":
      return `popularity ${fixed(m.popularidad, 1)}`;
    default:
      return m.votos_cantidad ? `★ ${fixed(m.votos_promedio, 1)} (${count(m.votos_cantidad)} votes)` : "no votes";
  }
}

const directionLabel = (order: Order, d: Direction) =>
  d === "desc"
    ? order === "titulo"
      ? "Z to A"
      : order === "fecha"
        ? "Newest first"
        : "Highest first"
    : order === "titulo"
      ? "A to Z"
      : order === "fecha"
        ? "Oldest first"
        : "Lowest first";

const orderOf = (params: URLSearchParams): Order => {
  const o = params.get("orden");
  return (ORDERS as readonly string[]).includes(o ?? "") ? (o as Order) : "popularidad";
};

function datalist(id: string, choices: Choice[]) {
  return h(
    "datalist",
    { id },
    choices.map((c) => h("option", { value: c.value }, `${c.label} (${count(c.count)})`)),
  );
}

function filterForm(params: URLSearchParams, choices: CatalogChoices | null) {
  const order = orderOf(params);
  const field = (f: (typeof TEXT_FIELDS)[number]) => {
    const id = `f-${f.name}`;
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, f.label, f.hint ? h("span", { class: "hint" }, ` (${f.hint})`) : null),
      h("input", {
        id,
        name: f.name,
        type: f.type === "number" ? "number" : "text",
        inputmode: f.type === "number" ? "numeric" : null,
        min: f.type === "number" ? 0 : null,
        value: params.get(f.name) ?? "",
        list: f.list && choices ? `list-${f.list}` : null,
        autocomplete: "off",
      }),
    );
  };
  // Genres beyond the first (a shared link may hold several) stay in the query as they were.
  const moreGenres = params.getAll("genero").slice(1);
  const form = h(
    "form",
    { class: "filters", "aria-label": "Filters and sort", action: "#/descubrir" },
    h(
      "div",
      { class: "fields" },
      TEXT_FIELDS.map(field),
      h(
        "div",
        { class: "field" },
        h("label", { for: "f-orden" }, "Sort by"),
        h(
          "select",
          { id: "f-orden", name: "orden" },
          ORDERS.map((o) => h("option", { value: o, selected: o === order }, ORDER_LABEL[o])),
        ),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "f-direccion" }, "Order"),
        h(
          "select",
          { id: "f-direccion", name: "direccion" },
          DIRECTIONS.map((d) => h("option", { value: d, selected: d === (params.get("direccion") ?? defaultDirection(order)) }, directionLabel(order, d))),
        ),
      ),
    ),
    moreGenres.length
      ? h(
          "p",
          { class: "meta" },
          `Also every one of: ${moreGenres.join(", ")}`,
          moreGenres.map((g) => h("input", { type: "hidden", name: "genero", value: g })),
        )
      : null,
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Show movies"), h("a", { href: href.discover() }, "Clear filters")),
    choices ? [datalist("list-genres", choices.genres), datalist("list-languages", choices.languages), datalist("list-countries", choices.countries)] : null,
  );
  // The direction follows the sort's default (A to Z for titles, highest first otherwise) until
  // the user picks one; its labels always say what it means for the sort chosen.
  const orden = form.querySelector<HTMLSelectElement>("#f-orden")!;
  const direccion = form.querySelector<HTMLSelectElement>("#f-direccion")!;
  let picked = params.has("direccion");
  direccion.addEventListener("change", () => {
    picked = true;
  });
  orden.addEventListener("change", () => {
    const o = orden.value as Order;
    for (const opt of direccion.options) opt.textContent = directionLabel(o, opt.value as Direction);
    if (!picked) direccion.value = defaultDirection(o);
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === "string" && v.trim() !== "") next.append(k, v.trim());
    // The default sort needs no parameter: the shortest URL for the same page.
    if (next.get("direccion") === defaultDirection(orderOf(next))) next.delete("direccion");
    if (next.get("orden") === "popularidad") next.delete("orden");
    location.hash = href.discover(next);
  });
  return form;
}

/** One movie of a list: title and year (a link to its card), genres, and the value sorted by. */
export const movieItem = (m: DiscoverItem, order: Order) =>
  h(
    "li",
    { class: "found" },
    h("a", { href: href.movie(m.id) }, m.titulo, " ", h("span", { class: "year" }, `(${m.anio || "?"})`)),
    " ",
    h("span", { class: "meta" }, [m.generos.slice(0, 3).join(", "), sortedValue(m, order)].filter(Boolean).join(" · ")),
  );

function pager(params: URLSearchParams, page: number, pages: number, more: boolean) {
  const to = (p: number) => {
    const q = new URLSearchParams(params);
    if (p > 1) q.set("page", String(p));
    else q.delete("page");
    return href.discover(q);
  };
  if (pages <= 1 && !more) return null;
  return h(
    "nav",
    { class: "pager", "aria-label": "Result pages" },
    page > 1 ? h("a", { href: to(page - 1), rel: "prev" }, "← Previous") : null,
    h("span", {}, `Page ${page} of ${count(pages)}${more ? "+" : ""}`),
    page < pages || more ? h("a", { href: to(page + 1), rel: "next" }, "Next →") : null,
  );
}

/** An unknown name: the API's message and its suggestions, each a link to the same query with that name. */
function apiProblem(err: ApiError, params: URLSearchParams): Child[] {
  const fix = (name: string) => {
    const q = new URLSearchParams(params);
    q.delete("page");
    if (err.parametro === "genero") {
      // Several genres may be given (repeated or comma-separated): replace the unknown one.
      const genres = q
        .getAll("genero")
        .flatMap((g) => g.split(","))
        .map((g) => (g === err.valor ? name : g));
      q.delete("genero");
      for (const g of genres) q.append("genero", g);
    } else if (err.parametro) q.set(err.parametro, name);
    return href.discover(q);
  };
  return [
    h("p", { class: "error", role: "alert" }, err.message),
    err.sugerencias.length && err.parametro
      ? [
          h("h2", {}, "Did you mean"),
          h(
            "ul",
            { class: "plain-list" },
            err.sugerencias.map((s) => h("li", {}, h("a", { href: fix(s) }, s))),
          ),
        ]
      : null,
  ];
}

export async function discoverPage(params: URLSearchParams): Promise<Page> {
  const choices = await catalogChoices();
  const page = Math.max(1, Number(params.get("page") ?? "1") || 1);
  const order = orderOf(params);
  let results: Child[];
  let sub = "Filter, sort and page through the catalogue.";
  try {
    const res = await api.discover(params);
    sub = `${count(res.total_results)}${res.total_results_capped ? "+" : ""} movie${res.total_results === 1 ? "" : "s"}, sorted by ${ORDER_LABEL[order].toLowerCase()}`;
    results = [
      res.results.length
        ? h(
            "ol",
            { class: "results found-list", start: (page - 1) * 20 + 1, "aria-label": "Movies" },
            res.results.map((m) => movieItem(m, order)),
          )
        : h("p", {}, page > 1 ? "No movies on this page." : "No movie matches every filter."),
      pager(params, page, res.total_pages, res.total_results_capped && res.results.length === 20),
    ];
  } catch (err) {
    if (!(err instanceof ApiError) || err.status >= 500 || err.status === 0 || err.status === 429) throw err;
    results = apiProblem(err, params);
  }
  return headedPage("Browse movies", sub, filterForm(params, choices), ...results);
}

/** A row of the home page: the first movies of a /descubrir query, and a link to browse them all. */
async function row(title: string, query: Record<string, string>, order: Order): Promise<Child> {
  const params = new URLSearchParams(query);
  const id = `row-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  let body: Child;
  try {
    const res = await api.discover(params);
    body = h(
      "ol",
      { class: "row-list" },
      res.results
        .slice(0, 10)
        .map((m) =>
          h(
            "li",
            { class: "tile" },
            h("a", { href: href.movie(m.id) }, h("span", { class: "tile-title" }, m.titulo), h("span", { class: "year" }, String(m.anio))),
            h("span", { class: "meta" }, sortedValue(m, order)),
          ),
        ),
    );
  } catch (err) {
    body = h("p", { class: "error" }, err instanceof ApiError ? err.message : String(err));
  }
  return h(
    "section",
    { class: "row", "aria-labelledby": id },
    h(
      "div",
      { class: "row-head" },
      h("h2", { id }, title),
      h("a", { href: href.discover(params) }, "Browse all", h("span", { class: "visually-hidden" }, `: ${title}`)),
    ),
    body,
  );
}

/** Links to browse by each choice (decades, genres). */
const chipsOf = (label: string, items: [string, Record<string, string>][]) =>
  h(
    "nav",
    { class: "browse-by", "aria-label": label },
    h("h2", {}, label),
    h(
      "ul",
      { class: "chips" },
      items.map(([text, q]) => h("li", {}, h("a", { href: href.discover(q) }, text))),
    ),
  );

/** The home page's rows: most popular, best rated with enough votes, a decade, a genre; and links to every decade and genre. */
export async function homeRows(): Promise<Child[]> {
  const choices = await catalogChoices();
  const decade = [...(choices?.decades ?? [])].sort((a, b) => b.count - a.count)[0]?.value ?? "1990";
  const genre = choices?.genres.find((g) => g.value === "Animation")?.value ?? choices?.genres[0]?.value ?? "Animation";
  const decadeQuery = (d: string) => ({ anio_desde: d, anio_hasta: String(Number(d) + 9) });
  const rows = await Promise.all([
    row("Most popular", {}, "popularidad"),
    row("Best rated, 1,000 votes or more", { orden: "votos_promedio", votos_min: "1000" }, "votos_promedio"),
    row(`Most popular of the ${decade}s`, decadeQuery(decade), "popularidad"),
    row(`${genre}: best rated, 100 votes or more`, { genero: genre, orden: "votos_promedio", votos_min: "100" }, "votos_promedio"),
  ]);
  return [
    ...rows,
    choices
      ? chipsOf(
          "Browse by decade",
          choices.decades.map((d) => [d.label, decadeQuery(d.value)]),
        )
      : null,
    choices
      ? chipsOf(
          "Browse by genre",
          choices.genres.map((g) => [g.label, { genero: g.value }]),
        )
      : null,
  ];
}
