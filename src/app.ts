// The API: every resource router mounted on one app with the shared error behaviour.
import { createApp } from "./lib/create-app.ts";
import { mountMiddleware } from "./middleware/index.ts";
import { requireDataset } from "./middleware/require-dataset.ts";
import admin from "./routes/admin/admin.index.ts";
import bench from "./routes/bench/bench.index.ts";
import buscar from "./routes/buscar/buscar.index.ts";
import descubrir from "./routes/descubrir/descubrir.index.ts";
import director from "./routes/director/director.index.ts";
import { registerDocs } from "./routes/docs/docs.index.ts";
import duracion from "./routes/duracion/duracion.index.ts";
import franquicia from "./routes/franquicia/franquicia.index.ts";
import health from "./routes/health/health.index.ts";
import idioma from "./routes/idioma/idioma.index.ts";
import peliculas from "./routes/peliculas/peliculas.index.ts";
import pais from "./routes/pais/pais.index.ts";
import productoras from "./routes/productoras/productoras.index.ts";
import recomendacion from "./routes/recomendacion/recomendacion.index.ts";
import version from "./routes/version/version.index.ts";

const app = createApp();
mountMiddleware(app); // before the routes: Hono runs middleware in registration order
// Routes that answer from the dataset: 503 while none is loaded (src/middleware/require-dataset.ts).
for (const router of [idioma, duracion, franquicia, pais, productoras, director, recomendacion, buscar, peliculas, descubrir]) {
  for (const path of new Set(router.routes.map((r) => r.path))) app.use(path, requireDataset());
  app.route("/", router);
}
for (const router of [health, version, admin, bench]) app.route("/", router);
registerDocs(app);
// "/" is the web UI: public/index.html, served by the assets layer before the Worker runs.

export default app;
