// The Worker's Hono app loaded in Node, for scripts that need what it declares (its API
// document, its route table) without a running server. The module paths are computed so that
// the type check of these Node scripts does not pull in the Worker's sources, which are checked
// against the Workers types instead (tsconfig.worker.json).
import path from "node:path";

/** The part of the app (src/app.ts) scripts read. */
export interface WorkerApp {
  routes: { method: string; path: string }[];
}

const src = (p: string) => path.resolve("src", p);

export async function loadWorkerApp(): Promise<WorkerApp> {
  return ((await import(src("app.ts"))) as { default: WorkerApp }).default;
}

/** The API document the Worker serves at /openapi.json (src/routes/docs/docs.index.ts). */
export async function openApiDocument(): Promise<unknown> {
  const app = await loadWorkerApp();
  const { openApiDocument: build } = (await import(src("routes/docs/docs.index.ts"))) as { openApiDocument: (app: unknown) => unknown };
  return build(app);
}
