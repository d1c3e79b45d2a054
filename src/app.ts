// The API: every resource router mounted on one app with the shared error behaviour.
import { createApp } from "./lib/create-app.ts";
import { mountMiddleware } from "./middleware/index.ts";
import { requireDataset } from "./middleware/require-dataset.ts";
import { registerDocs } from "./routes/docs/docs.index.ts";
import { DATA_ROUTERS, SERVICE_ROUTERS } from "./routes/index.ts";

const app = createApp();
mountMiddleware(app); // before the routes: Hono runs middleware in registration order
// Routes that answer from the dataset: 503 while none is loaded (src/middleware/require-dataset.ts).
for (const router of DATA_ROUTERS) {
  for (const path of new Set(router.routes.map((r) => r.path))) app.use(path, requireDataset());
  app.route("/", router);
}
for (const router of SERVICE_ROUTERS) app.route("/", router);
registerDocs(app);
// "/" is the web UI: public/index.html, served by the assets layer before the Worker runs.

export default app;
