// One place that builds a router with the API's error behaviour: validation failures -> 400,
// ApiError -> its status, anything else -> 500 without internals, unknown paths -> 404.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, envelope } from "./errors.ts";
import type { AppBindings } from "./types.ts";

export function createRouter() {
  return new OpenAPIHono<AppBindings>({
    strict: false,
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      const first = issues[0];
      return c.json(envelope("invalid_request", first ? `${first.path}: ${first.message}` : "Invalid request.", { issues }), 400);
    },
  });
}

export function createApp() {
  const app = createRouter();
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname.replace(/\/+$/, "");
    // "/get_director/" is a named route called with an empty name: bad input, not an unknown path.
    if (app.routes.some((r) => r.path.startsWith(`${path}/:`))) {
      return c.json(envelope("invalid_request", "The name in the path must not be empty."), 400);
    }
    return c.json(envelope("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404);
  });
  app.onError((err, c: Context) => {
    if (err instanceof ApiError) {
      const retry = err.extra.retry_after;
      return c.json(envelope(err.code, err.message, err.extra), err.status, typeof retry === "number" ? { "Retry-After": String(retry) } : {});
    }
    if (err instanceof HTTPException && err.status < 500) return c.json(envelope("invalid_request", err.message), err.status);
    console.error(JSON.stringify({ level: "error", path: c.req.path, error: String(err?.stack ?? err) }));
    return c.json(envelope("internal", "Internal error."), 500);
  });
  return app;
}
