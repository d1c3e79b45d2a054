// The API: every resource router mounted on one app with the shared error behaviour.
import { createApp } from "./lib/create-app.ts";
import director from "./routes/director/director.index.ts";
import { registerDocs } from "./routes/docs/docs.index.ts";
import duracion from "./routes/duracion/duracion.index.ts";
import franquicia from "./routes/franquicia/franquicia.index.ts";
import health from "./routes/health/health.index.ts";
import idioma from "./routes/idioma/idioma.index.ts";
import pais from "./routes/pais/pais.index.ts";
import productoras from "./routes/productoras/productoras.index.ts";
import recomendacion from "./routes/recomendacion/recomendacion.index.ts";

const app = createApp();
for (const router of [idioma, duracion, franquicia, pais, productoras, director, recomendacion, health]) {
  app.route("/", router);
}
registerDocs(app);
app.get("/", (c) => c.redirect("/docs"));

export default app;
