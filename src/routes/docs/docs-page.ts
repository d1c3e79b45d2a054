// The HTML of /docs. What a reader needs first is plain HTML that paints at once: the API's
// conventions and an index of its operations. Below them, Swagger UI (self-hosted, ~1.7 MB of
// script) renders the full reference with "try it out"; public/docs.js starts it only when the
// reader scrolls to it or follows an index link into it, so the page is fast on a phone and
// the viewer costs nothing to a reader who only wanted the index. No inline script or style
// (the CSP is `script-src 'self'; style-src 'self'`).

import { RETRY_AFTER_UNAVAILABLE_S } from "../../lib/errors.ts";
import { MAX_NAME_LENGTH } from "../../lib/params.ts";
import { RATE_LIMIT_PERIOD_S } from "../../middleware/rate-limit.ts";

export interface IndexedOperation {
  method: string;
  path: string;
  summary: string;
  tag: string;
  operationId: string;
}
export interface Tag {
  name: string;
  description: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
/** Escaped text with `code` spans (the tags' descriptions are Markdown of that much). */
const inline = (s: string) => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>");
/** Swagger UI's deep link to an operation (its `deepLinking`: #/<tag>/<operationId>). */
export const deepLink = (op: IndexedOperation) => `#/${encodeURIComponent(op.tag)}/${encodeURIComponent(op.operationId)}`;

const ERRORS: [status: string, code: string, when: string][] = [
  ["400", "invalid_request", "a parameter is invalid (`issues` lists each problem), or the URL is badly encoded"],
  ["404", "not_found", "no such name (`sugerencias` lists close ones) or id; on title routes with `?anio=`, `anios_disponibles`"],
  ["405", "method_not_allowed", "the path exists for other methods (`Allow`)"],
  ["414", "invalid_request", "the URL is too long"],
  ["429", "rate_limited", `over the rate limit; wait \`Retry-After\` (${RATE_LIMIT_PERIOD_S}) seconds`],
  ["500", "internal", "an unexpected error (logged; no internals shown)"],
  ["503", "unavailable", `the database cannot be read right now, or no dataset is loaded yet; wait \`Retry-After\` (${RETRY_AFTER_UNAVAILABLE_S}) seconds`],
];

function operationIndex(tags: Tag[], ops: IndexedOperation[]): string {
  return tags
    .map((tag) => {
      const items = ops
        .filter((o) => o.tag === tag.name)
        .map(
          (o) => `
        <li><a href="${esc(deepLink(o))}"><span class="method method-${o.method.toLowerCase()}">${o.method}</span> <code>${esc(o.path)}</code></a>
          <span class="summary">${esc(o.summary)}</span></li>`,
        );
      return items.length
        ? `
      <h3 id="tag-${esc(tag.name)}">${esc(tag.name)}</h3>
      <p class="tag-description">${inline(tag.description)}</p>
      <ul class="operations">${items.join("")}
      </ul>`
        : "";
    })
    .join("");
}

export function docsPage(tags: Tag[], ops: IndexedOperation[]): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Movies API — reference</title>
  <meta name="description" content="Reference of the Movies API: every route, its parameters, answers and errors, with examples, and a console to try them.">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/docs.css">
  <script src="/docs.js" defer></script>
</head>
<body>
  <a class="skip" href="#main">Skip to content</a>
  <header class="top">
    <nav aria-label="Site">
      <a href="/">Search</a>
      <a href="/eda/">Analysis</a>
      <a href="/docs" aria-current="page">API docs</a>
    </nav>
  </header>
  <main id="main">
    <h1>Movies API reference</h1>
    <p class="lede">Queries and content-based recommendations over <cite>The Movies Dataset</cite> (Kaggle, CC0).
      The whole description is an OpenAPI 3.1 document: <a href="/openapi.json">/openapi.json</a>.</p>

    <section aria-labelledby="conventions">
      <h2 id="conventions">Conventions</h2>
      <ul class="conventions">
        <li>Every route is a <code>GET</code> on this server, answering JSON; any origin may call it (CORS), with no key.</li>
        <li>Names (titles, directors, countries, …) are matched ignoring case, accents, punctuation, apostrophes and extra spaces (<code>wall e</code> is WALL·E), and may be 1 to ${MAX_NAME_LENGTH} characters long.</li>
        <li>Answers carry an <code>ETag</code>: send it back in <code>If-None-Match</code> and an unchanged answer is a <code>304</code> with no body. They may be cached for 5 minutes.</li>
        <li>Each client may make 100 requests every ${RATE_LIMIT_PERIOD_S} seconds; answers from cache do not count.</li>
        <li>Errors share one envelope, <code>{"error": {"code", "message", …}}</code>: <code>message</code> is a sentence for people, <code>code</code> is for programs.</li>
      </ul>
      <table class="errors">
          <caption>Error answers</caption>
          <thead><tr><th scope="col">Status</th><th scope="col"><code>code</code></th><th scope="col">When</th></tr></thead>
          <tbody>${ERRORS.map(
            ([status, code, when]) => `
            <tr><td>${status}</td><td><code>${code}</code></td><td>${inline(when)}</td></tr>`,
          ).join("")}
          </tbody>
      </table>
    </section>

    <section aria-labelledby="operations">
      <h2 id="operations">Operations</h2>
      <p>Each link opens the operation in the interactive reference below, with its parameters, every answer it can give and examples of them.</p>${operationIndex(tags, ops)}
    </section>

    <section aria-labelledby="reference" class="reference">
      <h2 id="reference">Interactive reference</h2>
      <p class="reference-note">Expand an operation, fill in its parameters and press <strong>Execute</strong> to call this server.</p>
      <div id="swagger-ui" data-spec="/openapi.json">
        <noscript><p>The interactive reference needs JavaScript; the same description is in <a href="/openapi.json">/openapi.json</a>.</p></noscript>
      </div>
    </section>
  </main>
</body>
</html>`;
}
