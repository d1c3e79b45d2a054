// The middleware every request goes through, outermost first: headers on every answer (also
// 429s and errors), URL sanity checks, D1 failures as 503s, the edge cache, the rate limit, and
// 405s. The rate limit
// comes after the cache on purpose: it guards D1 and KV (whose free-plan quotas are the scarce
// resource), so answers from cache and 304s, which touch neither, are not counted.
import { methodNotAllowed } from "hono/method-not-allowed";
import { envelope } from "../lib/errors.ts";
import type { AppOpenAPI } from "../lib/types.ts";
import { d1Guard } from "./d1-guard.ts";
import { edgeCache } from "./edge-cache.ts";
import { rateLimit } from "./rate-limit.ts";
import { requestGuard } from "./request-guard.ts";
import { corsForReads, securityHeaders } from "./security-headers.ts";

export function mountMiddleware(app: AppOpenAPI) {
  app.use("*", securityHeaders(), corsForReads(), requestGuard(), d1Guard(), edgeCache(), rateLimit());
  // A path that exists for other methods: 405 with Allow (instead of the 404 of unknown paths).
  app.use(
    "*",
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        c.json(envelope("method_not_allowed", `${c.req.method} is not allowed here; use ${methods.join(", ")}.`, { allow: methods }), 405, {
          Allow: methods.join(", "),
        }),
    }),
  );
  return app;
}
