// Pieces every view uses: what a view returns, a definition list of facts, and the error page.
import { ApiError } from "../api.ts";
import { type Child, h } from "../dom.ts";

/** A rendered view: the document title and the content of <main> (its first child is the h1). */
export interface Page {
  title: string;
  content: Child[];
}

export const heading = (text: Child, sub?: Child) =>
  h("header", { class: "page-head" }, h("h1", { tabindex: "-1" }, text), sub ? h("p", { class: "sub" }, sub) : null);

/** A page titled as its heading (`sub`: what it is about), then `content`. */
export const headedPage = (title: string, sub: Child | undefined, ...content: Child[]): Page => ({ title, content: [heading(title, sub), ...content] });

/** Label/value pairs; pairs whose value is null are left out. */
export const facts = (pairs: [string, Child][]) =>
  h(
    "dl",
    { class: "facts" },
    pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => h("div", { class: "fact" }, h("dt", {}, k), h("dd", {}, v))),
  );

export const unknown = () => h("span", { class: "unknown" }, "unknown");

/** The page for a failed call: the API's message, and its suggestions as links. */
export function errorPage(err: unknown, suggestionHref?: (name: string) => string): Page {
  if (!(err instanceof ApiError)) {
    return headedPage("Something went wrong", undefined, h("p", {}, String(err)));
  }
  const title = err.status === 404 ? "Not found" : err.status === 429 ? "Too many requests" : err.status === 400 ? "Invalid request" : "Something went wrong";
  const retry = err.status === 429 && err.retryAfter !== undefined ? ` Try again in ${err.retryAfter} s.` : "";
  const sugs =
    suggestionHref && err.sugerencias.length
      ? [
          h("h2", {}, "Did you mean"),
          h(
            "ul",
            { class: "plain-list" },
            err.sugerencias.map((s) => h("li", {}, h("a", { href: suggestionHref(s) }, s))),
          ),
        ]
      : [];
  return headedPage(title, undefined, h("p", { class: "error", role: "alert" }, err.message + retry), ...sugs);
}
