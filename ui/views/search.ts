// Full search results (/buscar), one page of 20 at a time, and the home page.

import { api } from "../api.ts";
import { h } from "../dom.ts";
import { count } from "../format.ts";
import { href } from "../routes.ts";
import { itemHref, itemMeta, itemName, KIND_LABEL } from "../search-box.ts";
import { heading, type Page } from "./common.ts";
import { homeRows } from "./discover.ts";

export async function resultsPage(q: string, page: number): Promise<Page> {
  const res = await api.search(q, { page });
  const nav =
    res.total_pages > 1
      ? h(
          "nav",
          { class: "pager", "aria-label": "Result pages" },
          page > 1 ? h("a", { href: href.search(q, page - 1), rel: "prev" }, "← Previous") : null,
          h("span", {}, `Page ${page} of ${count(res.total_pages)}`),
          page < res.total_pages ? h("a", { href: href.search(q, page + 1), rel: "next" }, "Next →") : null,
        )
      : null;
  return {
    title: `Search: ${q}`,
    content: [
      // A capped total lists the most relevant matches only: "1,000+ results".
      heading(`Results for “${q}”`, `${count(res.total_results)}${res.total_results_capped ? "+" : ""} result${res.total_results === 1 ? "" : "s"}`),
      res.results.length
        ? h(
            "ol",
            { class: "results", start: (page - 1) * 20 + 1 },
            res.results.map((item) =>
              h(
                "li",
                {},
                h("a", { href: itemHref(item) }, itemName(item)),
                " ",
                h("span", { class: `kind kind-${item.tipo}` }, KIND_LABEL[item.tipo]),
                " ",
                h("span", { class: "meta" }, itemMeta(item)),
              ),
            ),
          )
        : h("p", {}, "Nothing matches. Each word must start a word of a title or name."),
      nav,
    ],
  };
}

const EXAMPLES: [string, string][] = [
  [href.movie(862), "Toy Story"],
  [href.named("director", "John Lasseter"), "John Lasseter"],
  [href.named("franquicia", "Toy Story Collection"), "Toy Story Collection"],
  [href.named("pais", "US"), "United States of America"],
  [href.named("idioma", "en"), "English"],
];

export async function homePage(): Promise<Page> {
  return {
    // The document title adds " — Movies" (main.ts): the view's own name, as on every view.
    title: "Find a movie",
    content: [
      heading("Find a movie", "Search by title, director, franchise or company, then follow the recommendations."),
      h("p", {}, "Or start from one of these, or ", h("a", { href: href.discover() }, "browse the whole catalogue"), ":"),
      h(
        "ul",
        { class: "chips" },
        EXAMPLES.map(([to, text]) => h("li", {}, h("a", { href: to }, text))),
      ),
      ...(await homeRows()),
      h(
        "p",
        {},
        "The catalogue in charts: ",
        h("a", { href: "/eda/" }, "exploratory analysis"),
        ". Every page here calls the JSON API documented in ",
        h("a", { href: "/docs" }, "the API reference"),
        ".",
      ),
    ],
  };
}
