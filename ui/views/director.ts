// A director (/get_director/{name}): their movies by date with budget, revenue and return.

import { api } from "../api.ts";
import { h } from "../dom.ts";
import { count, fixed, money } from "../format.ts";
import { href } from "../routes.ts";
import { facts, headedPage, type Page, unknown } from "./common.ts";

export async function directorPage(name: string): Promise<Page> {
  const d = await api.director(name);
  const budgets = d.peliculas.reduce((s, m) => s + m.presupuesto, 0);
  const revenue = d.peliculas.reduce((s, m) => s + m.ganancia, 0);
  // Table cells carry their column name so the narrow layout can show it (CSS attr()).
  const cell = (label: string, ...content: (string | Node)[]) => h("td", { "data-label": label }, ...content);
  return headedPage(
    d.director,
    "Director",
    facts([
      ["Movies", count(d.cantidad)],
      ["Total return", `${fixed(d.retorno_total_director)}×`],
      ["Budgets", money(budgets)],
      ["Revenue", money(revenue)],
    ]),
    h("h2", { id: "films-h" }, "Movies"),
    h(
      "table",
      { class: "films", "aria-labelledby": "films-h" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Year", "Title", "Budget", "Revenue", "Return"].map((c) => h("th", { scope: "col" }, c)),
        ),
      ),
      h(
        "tbody",
        {},
        d.peliculas.map((m) =>
          h(
            "tr",
            {},
            cell("Year", String(m.anio)),
            cell("Title", h("a", { href: href.movie(m.id) }, m.titulo)),
            cell("Budget", m.presupuesto ? money(m.presupuesto) : unknown()),
            cell("Revenue", m.ganancia ? money(m.ganancia) : unknown()),
            cell("Return", m.presupuesto ? `${fixed(m.retorno)}×` : unknown()),
          ),
        ),
      ),
    ),
  );
}
