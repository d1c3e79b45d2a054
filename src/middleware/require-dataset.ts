// Data routes answer from the loaded dataset: while none is live (a first load still in
// progress, or an empty database) they answer 503 with Retry-After instead of 404s for names
// that will exist once the load is done. /version shows the load's progress.
import type { MiddlewareHandler } from "hono";
import { activeDataset } from "../db/dataset.ts";
import { unavailable } from "../lib/errors.ts";
import type { AppBindings } from "../lib/types.ts";

export function requireDataset(): MiddlewareHandler<AppBindings> {
  return async (c, next) => {
    if (!(await activeDataset(c.env.DB))) throw unavailable("No dataset is loaded yet (a first load may be in progress: see /version).");
    await next();
  };
}
