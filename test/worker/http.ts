// Requests go through the Worker's own fetch handler, exactly as in production. A body is
// `unknown` until a test says what it should be: bodyOf (../body.ts) / getAs check it against the
// route's own zod schema (src/routes/<path>/<path>.schemas.ts) and type it from that schema.
import { exports } from "cloudflare:workers";
import type { z } from "@hono/zod-openapi";
import { expect } from "vitest";
import { ErrorSchema } from "../../src/lib/errors.ts";
import { bodyOf } from "../body.ts";

export { bodyOf };

/** An answer as the tests read it: the body parsed as JSON when it is JSON, else its text. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** Reads a whole response (status, headers, text, and the body as JSON or text). */
export async function readAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, body };
}

export async function get(path: string, init?: RequestInit): Promise<Answer> {
  return readAnswer(await exports.default.fetch(new Request(`http://example.com${path}`, init)));
}

/** GET `path`, whose answer must be `schema` (the route's 200 schema, or ErrorSchema). */
export async function getAs<S extends z.ZodType>(schema: S, path: string, init?: RequestInit) {
  const res = await get(path, init);
  return { ...res, body: bodyOf(schema, res) };
}

/** The error object of the shared envelope. */
export const errorOf = (res: Pick<Answer, "status" | "body">) => bodyOf(ErrorSchema, res).error;

/** Asserts the shared error envelope with this status and code; returns the error object. */
export async function expectError(path: string, status: number, code: string) {
  const res = await get(path);
  expect(res.status, `${path} -> ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const error = errorOf(res);
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe("string");
  return error;
}

export const enc = encodeURIComponent;
