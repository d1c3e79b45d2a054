// Starts Swagger UI on /docs against the Worker's own OpenAPI document (kept out of the HTML
// so the page needs no inline script).
window.addEventListener("load", () => {
  window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
  });
});
