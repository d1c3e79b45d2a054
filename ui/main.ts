// The web UI: a search box in the header and one view per hash route, each built from the same
// JSON API the docs describe. Served as static assets (public/index.html + public/app/).
import { isAbort } from "./api.ts";
import { render } from "./dom.ts";
import { href, type Named, parseRoute, type Route } from "./routes.ts";
import { mountSearchBox } from "./search-box.ts";
import { errorPage, headedPage, type Page } from "./views/common.ts";
import { directorPage } from "./views/director.ts";
import { discoverPage } from "./views/discover.ts";
import { companyPage, countryPage, franchisePage, languagePage } from "./views/groups.ts";
import { moviePage } from "./views/movie.ts";
import { homePage, resultsPage } from "./views/search.ts";

const main = document.getElementById("main") as HTMLElement;

/** The page of each named route (#/director/<name>, ...): one call to the API route that answers for it. */
const NAMED_PAGES: Record<Named, (name: string) => Promise<Page>> = {
  director: directorPage,
  franquicia: franchisePage,
  pais: countryPage,
  idioma: languagePage,
  productora: companyPage,
};

function load(route: Route): Promise<Page> | Page {
  if ("name" in route) return NAMED_PAGES[route.view](route.name);
  switch (route.view) {
    case "home":
      return homePage();
    case "pelicula":
      return moviePage(route.id);
    case "buscar":
      return resultsPage(route.q, route.page);
    case "descubrir":
      return discoverPage(route.params);
    case "unknown":
      return headedPage("Not found", undefined, `No page at “${route.path}”.`);
  }
}

/** Where a 404's suggestions lead: the same kind of page. */
const suggestionHref = (route: Route) => ("name" in route ? (name: string) => href.named(route.view, name) : undefined);

let navigation = 0;
async function show(): Promise<void> {
  const id = ++navigation;
  const route = parseRoute(location.hash);
  main.setAttribute("aria-busy", "true");
  let page: Page;
  try {
    page = await load(route);
  } catch (err) {
    if (isAbort(err)) return;
    page = errorPage(err, suggestionHref(route));
  }
  if (id !== navigation) return; // a later navigation won
  render(main, page.content);
  main.removeAttribute("aria-busy");
  document.title = `${page.title} — Movies`;
  // Move focus to the new heading so keyboard and screen-reader users land on the new content
  // (not on the first load, where the search box keeps it).
  if (id > 1) main.querySelector<HTMLElement>("h1")?.focus();
  window.scrollTo(0, 0);
}

mountSearchBox(
  document.getElementById("q") as HTMLInputElement,
  document.getElementById("suggestions") as HTMLUListElement,
  document.getElementById("search-status") as HTMLElement,
);
window.addEventListener("hashchange", () => void show());
void show();
