// Requests go through the Worker's own fetch handler, exactly as in production.
import { exports } from "cloudflare:workers";
import { expect } from "vitest";

export async function get(path: string, init?: RequestInit) {
  const res = await exports.default.fetch(new Request(`http://example.com${path}`, init));
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** Asserts the shared error envelope with this status and code; returns the error object. */
export async function expectError(path: string, status: number, code: string) {
  const res = await get(path);
  expect(res.status, `${path} -> ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe("string");
  return res.body.error;
}

export const enc = encodeURIComponent;
