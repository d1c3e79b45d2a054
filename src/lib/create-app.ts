// One place that builds a router with the API's error behaviour: validation failures -> 400,
// ApiError -> its status, anything else -> 500 without internals, unknown paths -> 404.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError, envelope, invalidRequest } from "./errors.ts";
import type { AppBindings } from "./types.ts";

export function createRouter() {
  return new OpenAPIHono<AppBindings>({
    strict: false,
    defaultHook: (result, c) => {
      if (result.success) return;
      // Every message of src/lib/params.ts (and the routes' own schemas) ends a sentence that starts with the parameter.
      const issues = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      return c.json(invalidRequest(issues, result.target === "param" ? "path" : "query"), 400);
    },
  });
}

export function createApp() {
  const app = createRouter();
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname.replace(/\/+$/, "");
    // "/get_director/" or "/peliculas/" is a route called without its path parameter: bad
    // input (named after the parameter the route takes), not an unknown path.
    const route = app.routes.find((r) => r.path.startsWith(`${path}/:`));
    if (route) {
      const name = route.path
        .slice(path.length + 2)
        .split("/")[0]!
        .replace(/\{.*$/, "");
      return c.json(invalidRequest([{ path: name, message: "is required" }], "path"), 400);
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
    return c.json(envelope("internal", "Something went wrong on our side; the error has been logged."), 500);
  });
  return app;
}
