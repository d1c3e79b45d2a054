// A JSON body checked against the zod schema of what it should be (a route's own schema, from
// src/routes/<path>/<path>.schemas.ts) and typed by it: for the Worker tests (test/worker/http.ts)
// and the browser tests (test/e2e/browser.ts) alike.
import type { z } from "@hono/zod-openapi";
import { expect } from "vitest";

/**
 * `body`, typed by `schema` after checking it against it (the test fails if it does not match).
 * The body itself is returned, not the parse: zod would strip fields the schema does not name, and
 * a test's toEqual must still see them.
 */
export function bodyOf<S extends z.ZodType>(schema: S, res: { status: number; body: unknown }): z.output<S> {
  const parsed = schema.safeParse(res.body);
  expect(parsed.success, `${res.status} ${JSON.stringify(res.body).slice(0, 300)}: ${parsed.error?.message}`).toBe(true);
  return res.body as z.output<S>;
}
