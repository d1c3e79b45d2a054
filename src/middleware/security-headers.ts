// Security headers on every Worker response, and CORS for reads from any origin. Static files
// under public/ are answered by the assets layer before the Worker runs: public/_headers gives
// them the same headers (a test keeps its CSP equal to CONTENT_SECURITY_POLICY).

import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";

/**
 * Only the site's own files: /docs loads /vendor/swagger-ui/* and /docs.js, no inline script,
 * and Swagger UI's "try it out" fetches this origin. Swagger UI's icons are data: images.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function securityHeaders(): MiddlewareHandler {
  const standard = secureHeaders({
    crossOriginResourcePolicy: "cross-origin", // a public API: other sites may use its answers
    referrerPolicy: "no-referrer",
    xFrameOptions: "DENY",
  });
  return async (c, next) => {
    await standard(c, next); // also removes X-Powered-By
    c.res.headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    c.res.headers.delete("Server");
  };
}

/** Any origin may read the API (GET/HEAD); browsers may see the caching and rate-limit headers. */
export const corsForReads = () => cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], exposeHeaders: ["ETag", "Retry-After"], maxAge: 86400 });
