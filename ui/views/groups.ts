// Pages for a franchise, a production country, a language and a production company: one call
// each to the route that answers for it, and a link to the matching chart of the EDA report.

import { api } from "../api.ts";
import { h } from "../dom.ts";
import { count, money } from "../format.ts";
import { facts, headedPage, type Page } from "./common.ts";

const chartLink = (id: string, text: string) => h("p", {}, h("a", { href: `/eda/#${id}` }, text));
/** "1 movie lists" / "3 movies list": the count with its noun and verb agreeing. */
const movies = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? `movie ${one}` : `movies ${many}`}`;
/** A franchise's or a company's movies and their revenue. */
const revenueFacts = (movieCount: number, total: number, average: number) =>
  facts([
    ["Movies", count(movieCount)],
    ["Total revenue", money(total)],
    ["Average per movie", money(average)],
  ]);

export async function franchisePage(name: string): Promise<Page> {
  const f = await api.franchise(name);
  return headedPage(
    f.franquicia,
    "Franchise",
    revenueFacts(f.cantidad, f.ganancia_total, f.ganancia_promedio),
    chartLink("franchises", "Franchises by total revenue (analysis)"),
  );
}

/** A country or language: how many movies name it, and a link to its chart. */
function countPage(name: string, code: string, kind: string, sentence: string, chart: [id: string, text: string]): Page {
  return headedPage(name, `${kind} · ${code}`, h("p", { class: "big" }, sentence), chartLink(...chart));
}

export async function countryPage(name: string): Promise<Page> {
  const c = await api.country(name);
  return countPage(c.pais, c.codigo, "Production country", `${movies(c.cantidad, "lists", "list")} ${c.pais} among their production countries.`, [
    "countries",
    "Top production countries (analysis)",
  ]);
}

export async function languagePage(name: string): Promise<Page> {
  const l = await api.language(name);
  return countPage(l.idioma, l.codigo, "Language", `${movies(l.cantidad, "has", "have")} ${l.idioma} as their first spoken language.`, [
    "languages",
    "Top languages (analysis)",
  ]);
}

export async function companyPage(name: string): Promise<Page> {
  const p = await api.company(name);
  return headedPage(p.productora, "Production company", revenueFacts(p.cantidad, p.revenue_total, p.cantidad ? p.revenue_total / p.cantidad : 0));
}
