// The search box: a WAI-ARIA combobox (input + listbox) that suggests movies, directors,
// franchises and companies from /buscar as you type. Keyboard: ↓/↑ move through the
// suggestions, Enter opens one (or the full results), Escape closes the list, then clears.

import { ApiError, api, isAbort, type SearchItem } from "./api.ts";
import { h, render } from "./dom.ts";
import { count } from "./format.ts";
import { href } from "./routes.ts";

export const MAX_SUGGESTIONS = 8;
const MIN_CHARS = 2;
const DEBOUNCE_MS = 150;

export const KIND_LABEL: Record<SearchItem["tipo"], string> = {
  pelicula: "Movie",
  director: "Director",
  franquicia: "Franchise",
  productora: "Company",
};

export function itemHref(item: SearchItem): string {
  return item.tipo === "pelicula" ? href.movie(item.id) : href.named(item.tipo, item.nombre);
}

export const itemName = (item: SearchItem) => (item.tipo === "pelicula" ? item.titulo : item.nombre);

export function itemMeta(item: SearchItem): string {
  if (item.tipo === "pelicula") return [item.anio || "", item.generos.slice(0, 3).join(", ")].filter(Boolean).join(" · ");
  return `${count(item.cantidad_peliculas)} movie${item.cantidad_peliculas === 1 ? "" : "s"}`;
}

export function mountSearchBox(input: HTMLInputElement, list: HTMLUListElement, status: HTMLElement): void {
  let items: SearchItem[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | undefined;

  const open = () => items.length > 0 && !list.hidden;
  const setOpen = (isOpen: boolean) => {
    list.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) setActive(-1);
  };
  const setActive = (i: number) => {
    active = i;
    list.querySelectorAll<HTMLElement>("[role=option]").forEach((el, j) => {
      el.setAttribute("aria-selected", String(j === i));
    });
    const el = i >= 0 ? list.children[i] : undefined;
    if (el) {
      input.setAttribute("aria-activedescendant", el.id);
      el.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };

  const choose = (item: SearchItem) => {
    input.value = itemName(item);
    setOpen(false);
    location.hash = itemHref(item);
  };

  const show = (q: string, found: SearchItem[]) => {
    items = found.slice(0, MAX_SUGGESTIONS);
    render(
      list,
      items.map((item, i) =>
        h(
          "li",
          { role: "option", id: `suggestion-${i}`, class: "option", "aria-selected": "false", "data-tipo": item.tipo },
          h("span", { class: `kind kind-${item.tipo}` }, KIND_LABEL[item.tipo]),
          h("span", { class: "name" }, itemName(item)),
          h("span", { class: "meta" }, itemMeta(item)),
        ),
      ),
    );
    status.textContent = items.length
      ? `${items.length} suggestion${items.length === 1 ? "" : "s"} for “${q}”. Use the arrow keys to choose.`
      : `No matches for “${q}”.`;
    setOpen(items.length > 0);
  };

  const lookup = async (q: string) => {
    inflight?.abort();
    const ctrl = new AbortController();
    inflight = ctrl;
    try {
      const page = await api.search(q, { signal: ctrl.signal });
      if (ctrl.signal.aborted || input.value.trim() !== q) return; // typed on meanwhile
      show(q, page.results);
    } catch (err) {
      if (isAbort(err)) return;
      items = [];
      setOpen(false);
      status.textContent = `Suggestions unavailable: ${err instanceof ApiError ? err.message : String(err)}`;
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < MIN_CHARS) {
      inflight?.abort();
      items = [];
      setOpen(false);
      status.textContent = "";
      return;
    }
    timer = setTimeout(() => void lookup(q), DEBOUNCE_MS);
  });

  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!items.length) return;
      e.preventDefault();
      if (!open()) setOpen(true);
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : items.length - 1) : (active + step + items.length) % items.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      const item = open() && active >= 0 ? items[active] : undefined;
      if (item) choose(item);
      else if (input.value.trim()) {
        setOpen(false);
        location.hash = href.search(input.value.trim());
      }
    } else if (e.key === "Escape") {
      if (open()) setOpen(false);
      else input.value = "";
    } else if (e.key === "Tab") setOpen(false);
  });

  // mousedown would blur the input and close the list before the click lands.
  list.addEventListener("mousedown", (e) => e.preventDefault());
  list.addEventListener("click", (e) => {
    const li = (e.target as Element).closest("[role=option]");
    const i = li ? [...list.children].indexOf(li) : -1;
    const item = items[i];
    if (item) choose(item);
  });
  list.addEventListener("mousemove", (e) => {
    const li = (e.target as Element).closest("[role=option]");
    const i = li ? [...list.children].indexOf(li) : -1;
    if (i >= 0 && i !== active) setActive(i);
  });
  input.addEventListener("blur", () => setOpen(false));
  input.addEventListener("focus", () => items.length && input.value.trim().length >= MIN_CHARS && setOpen(true));
}
