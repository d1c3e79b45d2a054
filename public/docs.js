// Starts Swagger UI in /docs's "Interactive reference" section, against the API's own OpenAPI
// document. Swagger UI (public/vendor/swagger-ui, self-hosted) is ~1.7 MB of script that takes
// seconds of a phone's CPU to start, so it is loaded only when the reader reaches the section
// or follows a link into it (#/<tag>/<operationId>); the rest of the page is plain HTML. Kept out
// of the HTML so the page needs no inline script (CSP `script-src 'self'`).
(() => {
  const root = document.getElementById("swagger-ui");
  if (!root) return;
  const VENDOR = "/vendor/swagger-ui/";
  let started = false;
  let ui = null;

  const load = (tag, attrs, before = null) =>
    new Promise((resolve, reject) => {
      const el = Object.assign(document.createElement(tag), attrs);
      el.onload = resolve;
      el.onerror = () => reject(new Error(`could not load ${attrs.src ?? attrs.href}`));
      document.head.insertBefore(el, before);
    });

  /**
   * Accessibility fixes of Swagger UI that neither its options nor the layout below offer.
   * Attributes only, set after each render: React keeps the nodes, and leaves attributes it
   * does not manage alone.
   */
  function repair(node) {
    // The example pickers of the responses have no label.
    for (const select of node.querySelectorAll("select.examples-select-element:not([aria-label])")) select.setAttribute("aria-label", "Example");
  }

  /**
   * Swagger UI's BaseLayout, less what does not fit inside this page: its own <main> (the page
   * has one), its title block (it repeats the page's h1 and breaks the heading order), the
   * server picker (there is one server, this one, the document's default) and the schema
   * catalogue (each operation shows its schemas).
   */
  const ReferencePlugin = (system) => {
    const h = system.React.createElement;
    const ReferenceLayout = ({ getComponent, specSelectors }) => {
      const Errors = getComponent("errors", true);
      const status = specSelectors.loadingStatus();
      if (status === "loading" || !specSelectors.specStr())
        return h("div", { className: "swagger-ui" }, h("p", { className: "loading-note" }, "Loading the API description…"));
      if (status === "failed") return h("div", { className: "swagger-ui" }, h("p", null, "The API description could not be loaded."), h(Errors));
      const SvgAssets = getComponent("SvgAssets");
      const Operations = getComponent("operations", true);
      const AuthorizeBtnContainer = getComponent("AuthorizeBtnContainer", true);
      const FilterContainer = getComponent("FilterContainer", true);
      return h(
        "div",
        { className: "swagger-ui" },
        h(SvgAssets),
        h(Errors),
        specSelectors.securityDefinitions()
          ? h("div", { className: "scheme-container" }, h("div", { className: "schemes wrapper" }, h(AuthorizeBtnContainer)))
          : null,
        h(FilterContainer),
        h("div", { className: "operations-root" }, h(Operations)),
      );
    };
    return {
      components: { ReferenceLayout },
      wrapComponents: {
        // Deep links render as <a> inside the operation's summary <button> (a control inside a
        // control): plain text instead. The URL still follows what is expanded (deepLinking).
        DeepLink: (Original) => (props) => h(Original, { ...props, enabled: false }),
      },
    };
  };

  async function start() {
    if (started) return;
    started = true;
    root.setAttribute("aria-busy", "true");
    try {
      await Promise.all([
        // Before /docs.css, whose overrides must win.
        load("link", { rel: "stylesheet", href: `${VENDOR}swagger-ui.css` }, document.querySelector('link[href="/docs.css"]')),
        load("script", { src: `${VENDOR}swagger-ui-bundle.js` }),
      ]);
    } catch (err) {
      root.textContent = `The interactive reference could not be loaded (${err.message}); the description is in /openapi.json.`;
      return;
    }
    new MutationObserver(() => repair(root)).observe(root, { childList: true, subtree: true });
    ui = window.SwaggerUIBundle({
      url: root.dataset.spec,
      domNode: root,
      deepLinking: true,
      tryItOutEnabled: true,
      // Plain text: the highlighter's colours fail contrast, and it costs time on a phone.
      syntaxHighlight: false,
      plugins: [ReferencePlugin],
      layout: "ReferenceLayout",
      onComplete: () => {
        repair(root);
        root.removeAttribute("aria-busy");
      },
    });
  }

  // Reached by scrolling, or by a link into it (the index above, or a shared deep link).
  const wantsViewer = () => location.hash.startsWith("#/");
  if (wantsViewer()) start();
  window.addEventListener("hashchange", () => {
    if (!wantsViewer()) return;
    // Swagger UI reads the deep link once, when it starts; later links are passed on here.
    if (ui) ui.layoutActions.parseDeepLinkHash(location.hash);
    else start();
  });
  if ("IntersectionObserver" in window) {
    const seen = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      seen.disconnect();
      start();
    });
    seen.observe(root);
  } else {
    start();
  }
})();
