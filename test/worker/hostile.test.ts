// Hostile input against every route of the OpenAPI document (so new routes are covered as they
// are added): generated path and query values, oversized URLs, unknown parameters and wrong
// methods. Each answer must be a 4xx in the error envelope or a correct 200/404 — never a 5xx —
// and the database and KV must be exactly as before.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/lib/sha256.ts";
import { MAX_QUERY_CHARS } from "../../src/middleware/request-guard.ts";
import { errorOf } from "./http.ts";
import { instrumentedFetch } from "./instrumented.ts";
import { LOOKUP_TEMPLATES, operations } from "./openapi-doc.ts";

interface Probe {
  label: string;
  raw: string;
  reject?: boolean;
}

const enc = encodeURIComponent;
const CONTROL = ["\u0000", "\u0001", "\u0008", "\t", "\n", "\r", "\u001b", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f"];

/** Values for a parameter, already encoded for a URL. `reject`: must be 400/414 for a name. */
const PROBES: Probe[] = [
  { label: "empty", raw: "", reject: true },
  { label: "blank", raw: enc("   "), reject: true },
  { label: "201 characters", raw: "a".repeat(201), reject: true },
  { label: "201 accented characters", raw: enc("é".repeat(201)), reject: true },
  { label: "300 CJK characters", raw: enc("日".repeat(300)), reject: true },
  { label: "1,000 emoji", raw: enc("🎬".repeat(1000)), reject: true },
  ...CONTROL.map((ch) => ({ label: `control U+${ch.codePointAt(0)!.toString(16).padStart(4, "0")}`, raw: enc(`a${ch}b`), reject: true })),
  ...["%", "%2", "%zz", "a%G0", "%E0%A4%A", "%C0%AF", "%FF", "%80", "abc%", "%%41"].map((raw) => ({ label: `bad percent-encoding ${raw}`, raw, reject: true })),
  ...["%ED%A0%80", "%ED%BF%BF", "a%ED%B0%80b", "%F4%90%80%80"].map((raw) => ({ label: `surrogate / out-of-range UTF-8 ${raw}`, raw, reject: true })),
  { label: "raw lone surrogate (becomes U+FFFD)", raw: "\uD800" },
  ...[
    "%",
    "_",
    "%_%",
    "'",
    '"',
    ";",
    "--",
    "\\",
    "' OR '1'='1",
    "' OR 1=1 --",
    "'; DROP TABLE movies; --",
    '" OR ""="',
    "%' OR 1=1 --",
    "a%",
    "_a_",
    "[a-z]*",
    "*",
    "?",
    "#",
    "NULL",
    "0",
    "-1",
    "1e309",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
    "${7*7}",
    "{{7*7}}",
    "<script>alert(1)</script>",
  ].map((s) => ({ label: `metacharacters ${JSON.stringify(s)}`, raw: enc(s) })),
  ...["../../etc/passwd", "..\\..\\windows", "../", "..", ".", "....//", "/etc/passwd", "%2e%2e%2f"].map((s) => ({ label: `traversal ${s}`, raw: enc(s) })),
  { label: "double-encoded traversal", raw: "%252e%252e%252fetc%252fpasswd" },
  { label: "unencoded traversal", raw: "../../../etc/passwd" },
  { label: "unencoded slash", raw: "a/b" },
  ...["\uFEFF", "\u200B", "\u202Etxt", "🎬", "Ａｍｅｌｉｅ", "İstanbul", "ß", "\uFFFD", "ﷺ".repeat(200), `a${"\u0301".repeat(199)}`].map((s) => ({
    label: `unicode ${JSON.stringify(s.slice(0, 12))}`,
    raw: enc(s),
  })),
  { label: "200 characters (valid, unknown)", raw: "a".repeat(200) },
];

const QUERIES = [
  "anio=",
  "anio=abc",
  "anio=1e3",
  "anio=-1",
  "anio=99999999999999999999",
  "anio=1995.5",
  "anio=0x7CB",
  "anio=%00",
  "anio=%20",
  "anio=1995&anio=1996",
  "anio[]=1995",
  "anio=%E0%A4%A",
  "%zz",
  "&&&",
  "=",
  "anio=' OR 1=1 --",
  "q=%25_%25",
  "limit=-1",
  "limit=1e9",
];
const METHODS = ["POST", "PUT", "DELETE", "PATCH"];

interface RouteUnderTest {
  template: string;
  base: string;
  params: { name: string; in: "path" | "query"; type: string | string[]; example: unknown }[];
}

let before: string;
let tried = 0;
const TIMEOUT = 180_000; // ~1,500 requests on a machine shared with other jobs
// In-process through the Worker's fetch handler (src/index.ts exports app.fetch): SELF/exports
// fetches get slower with every request in a test worker (workers-sdk#15446).
const get = instrumentedFetch;

/** Every GET of the OpenAPI document, with its parameters and a valid base URL from the examples. */
function documentedRoutes(): RouteUnderTest[] {
  return operations
    .filter((op) => op.method === "GET")
    .map((op) => {
      const params = (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, type: p.schema?.type ?? "string", example: p.schema?.example ?? p.example }));
      let base = op.path;
      for (const p of params) if (p.in === "path") base = base.replace(`{${p.name}}`, enc(String(p.example)));
      return { template: op.path, base, params };
    });
}

const routes = documentedRoutes();

/** Runs probes a few at a time: the runtime overlaps their D1 and cache I/O. */
async function inBatches<T>(items: T[], run: (item: T) => Promise<void>, size = 8) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

async function fingerprint(): Promise<string> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
  ).all<{ name: string }>();
  const parts: string[] = [];
  for (const { name } of tables.results) {
    const rows = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    parts.push(`${name}:${rows.results.length}:${JSON.stringify(rows.results)}`);
  }
  const keys = await env.RECS.list();
  parts.push(`kv:${keys.keys.map((k) => k.name).join(",")}`);
  return sha256Hex(parts.join("\n"));
}

/** Sends one request and checks the invariants every answer must keep; returns it. */
async function probe(path: string, init?: RequestInit) {
  tried++;
  const res = await get(path, init);
  const where = `${init?.method ?? "GET"} ${path.slice(0, 120)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
  expect(res.status, where).toBeLessThan(500);
  expect([200, 400, 404, 405, 414], where).toContain(res.status);
  expect(res.headers.get("content-type"), where).toMatch(/application\/json/);
  if (res.status >= 400) {
    const { code, message } = errorOf(res);
    expect(typeof code, where).toBe("string");
    expect(typeof message, where).toBe("string");
    expect(JSON.stringify(res.body), where).not.toMatch(/\bat .*\.ts:\d+|SQLITE|D1_ERROR/); // no internals
  } else {
    expect(res.body, where).not.toHaveProperty("error");
  }
  return res;
}

beforeAll(async () => {
  before = await fingerprint();
});

afterAll(() => {
  console.log(`hostile-input suite: ${tried} requests over ${routes.length} routes`);
});

describe("hostile input", () => {
  it("covers every documented route", () => {
    expect(routes.map((r) => r.template)).toEqual(expect.arrayContaining([...LOOKUP_TEMPLATES, "/health"]));
  });
});

describe.each(routes.map((r) => [r.template, r] as const))("hostile input on %s", (_, route) => {
  it(
    "generated path and query values never cause a 5xx; bad names get 400/414",
    async () => {
      const cases = route.params.flatMap((param) => PROBES.map((p) => ({ param, p })));
      await inBatches(cases, async ({ param, p }) => {
        let path: string;
        if (param.in === "path") {
          path = route.template.replace(`{${param.name}}`, p.raw);
          for (const other of route.params) if (other.in === "path") path = path.replace(`{${other.name}}`, enc(String(other.example)));
        } else {
          path = `${route.base}?${param.name}=${p.raw}`;
        }
        const res = await probe(path);
        if (p.reject && param.type === "string" && param.in === "path") {
          expect([400, 414], `${p.label} on ${route.template}: ${res.status}`).toContain(res.status);
        }
      });
    },
    TIMEOUT,
  );

  it(
    "odd, unknown and oversized query strings never cause a 5xx",
    async () => {
      await inBatches(QUERIES, async (q) => {
        await probe(`${route.base}?${q}`);
      });
      expect((await probe(`${route.base}?x=${"a".repeat(MAX_QUERY_CHARS + 1)}`)).status).toBe(414);
      expect((await probe(`${route.base}?x=%E0%A4%A`)).status).toBe(400);
    },
    TIMEOUT,
  );

  it(
    "unknown query parameters are ignored",
    async () => {
      const plain = await probe(route.base);
      for (const q of ["foo=bar", "utm_source=x&utm_medium=y", "__proto__=1", "constructor=x"]) {
        const res = await probe(`${route.base}?${q}`);
        expect(res.status, `${route.base}?${q}`).toBe(plain.status);
        if (route.template !== "/health") expect(res.body, `${route.base}?${q}`).toEqual(plain.body);
      }
    },
    TIMEOUT,
  );

  it(
    "wrong methods get 405 with Allow, with or without a body",
    async () => {
      const cases = METHODS.flatMap((method) => [undefined, "{}", "' OR 1=1 --", "x".repeat(100_000)].map((body) => ({ method, body })));
      await inBatches(cases, async ({ method, body }) => {
        const res = await probe(route.base, { method, body, headers: body ? { "content-type": "application/json" } : {} });
        expect(res.status, `${method} ${route.base}`).toBe(405);
        expect(res.headers.get("allow")).toContain("GET");
      });
    },
    TIMEOUT,
  );
});

describe("hostile input elsewhere", () => {
  it("paths outside the routes get a 4xx", async () => {
    for (const path of [
      "/..%2F..%2Fetc%2Fpasswd",
      "/%2e%2e/%2e%2e/",
      "/wp-admin",
      "/.env",
      "/__bench/noop",
      "/peliculas_idioma/es/extra",
      "//peliculas_idioma//es",
      "/%00",
      "/%zz",
    ]) {
      const res = await probe(path);
      expect([400, 404], path).toContain(res.status);
    }
  });
  it("leaves the database and KV unchanged", async () => {
    expect(await fingerprint()).toBe(before);
  });
  it("tried more than 1,000 inputs", () => {
    expect(tried).toBeGreaterThan(1000);
  });
});
