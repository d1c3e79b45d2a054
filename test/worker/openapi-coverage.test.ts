// The OpenAPI document against the Worker itself. For every operation of the document, the
// Worker is driven with the inputs and conditions that make it answer each way it can — a valid
// call (its parameters' own examples), the same call with its ETag, a bad parameter, broken
// percent-encoding, an unknown name, each optional parameter at its minimum, every other
// method, an oversized URL, the rate-limit binding saying no (and failing), D1 failing, no
// dataset loaded, and for the admin route its auth, lease and bundle checks — and then:
//   - the statuses it answered are exactly the ones the document lists for the operation;
//   - every answer carries the headers the document promises, and its body fits the schema;
//   - every example whose description reads "Answer to `METHOD /path` <condition>." is
//     replayed, and the Worker's answer equals it.

import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { RouteConfig, z } from "@hono/zod-openapi";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import app from "../../src/app.ts";
import { forgetActiveDataset } from "../../src/db/dataset.ts";
import { forgetShards } from "../../src/db/recommendations.ts";
import { ErrorSchema } from "../../src/lib/errors.ts";
import { EXAMPLE_CONDITIONS, type ExampleCondition, SHARED_RESPONSES, type SharedResponse } from "../../src/lib/openapi.ts";
import { forgetIsolateCache } from "../../src/middleware/isolate-cache.ts";
import { MAX_QUERY_CHARS } from "../../src/middleware/request-guard.ts";
import { LATEST_KEY } from "../../src/shared/bundle.ts";
import { readAnswer } from "./http.ts";
import { doc, type Operation, operations } from "./openapi-doc.ts";

type Condition = (typeof EXAMPLE_CONDITIONS)[ExampleCondition] | "normal";
const ADMIN_TOKEN = "coverage-test-token";
const CLIENT_IP = "203.0.113.9";

// ---- the document --------------------------------------------------------------------------

/** The route configs behind the document, with their zod schemas, by "METHOD /path". */
const routeConfigs = new Map(
  app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === "route" ? [[`${d.route.method.toUpperCase()} ${d.route.path}`, d.route as RouteConfig] as const] : [],
  ),
);

const refName = (r: object) => ("$ref" in r ? String(r.$ref).split("/").pop()! : undefined);
/** A response object with its $ref resolved; `shared` names the component it came from. */
function documented(op: Operation, status: number) {
  const raw = op.responses[String(status)];
  if (!raw) return undefined;
  const shared = refName(raw) as SharedResponse | undefined;
  const response = (shared ? doc.components.responses[shared] : raw) as {
    headers?: Record<string, object>;
    content?: Record<string, { examples?: Record<string, Example> }>;
  };
  return { shared, response };
}
interface Example {
  summary: string;
  description: string;
  value: unknown;
}

/** The zod schema a documented response's body must fit (none for a body-less 304). */
function bodySchema(op: Operation, status: number): z.ZodType | undefined {
  const found = documented(op, status)!;
  if (found.shared) return "content" in SHARED_RESPONSES[found.shared] ? ErrorSchema : undefined;
  const config = routeConfigs.get(`${op.method} ${op.path}`)!.responses[status] as { content?: Record<string, { schema: z.ZodType }> };
  return config.content?.["application/json"]?.schema;
}

// ---- driving the Worker ----------------------------------------------------------------------

const failingStatement = (): D1PreparedStatement => {
  const fail = () => Promise.reject(new Error("D1 is down (test fault)"));
  const stmt = { bind: () => stmt, first: fail, all: fail, run: fail, raw: fail };
  return stmt as unknown as D1PreparedStatement;
};
const failingD1 = {
  prepare: failingStatement,
  batch: () => Promise.reject(new Error("D1 is down (test fault)")),
  exec: () => Promise.reject(new Error("D1 is down")),
} as unknown as D1Database;
const limiter = (limit: () => Promise<{ success: boolean }>) => ({ limit }) as unknown as RateLimit;

interface Sent {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** One request through the app, under a condition; caches are emptied first so the route itself answers. */
async function send(method: string, url: string, condition: Condition = "normal", headers: Record<string, string> = {}): Promise<Sent> {
  forgetIsolateCache();
  forgetShards();
  forgetActiveDataset();
  const e: Record<string, unknown> = { ...env, ADMIN_TOKEN };
  if (condition === "d1_down") e.DB = failingD1;
  if (condition === "admin_disabled") delete e.ADMIN_TOKEN;
  if (condition === "rate_limited") e.RATE_LIMITER = limiter(async () => ({ success: false }));
  if (condition === "rate_limiter_down") e.RATE_LIMITER = limiter(() => Promise.reject(new Error("rate limiter is down (test fault)")));
  const h: Record<string, string> = { ...headers };
  if (condition === "rate_limited" || condition === "rate_limiter_down") h["CF-Connecting-IP"] = CLIENT_IP;
  if (condition !== "no_token" && url.startsWith("/admin/")) h.Authorization ??= `Bearer ${ADMIN_TOKEN}`;
  const run = async () => {
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`http://example.com${url}`, { method, headers: h }), e as unknown as Env, ctx);
    const answer = await readAnswer(res);
    await waitOnExecutionContext(ctx);
    return answer;
  };
  return condition === "no_dataset" ? withoutDataset(run) : run();
}

/** Runs `work` with dataset_meta empty, as before the first load; puts the rows back after. */
async function withoutDataset<T>(work: () => Promise<T>): Promise<T> {
  const { results } = await env.DB.prepare("SELECT key, value FROM dataset_meta").all<{ key: string; value: string }>();
  await env.DB.prepare("DELETE FROM dataset_meta").run();
  try {
    return await work();
  } finally {
    await env.DB.batch(results.map((r) => env.DB.prepare("INSERT INTO dataset_meta (key, value) VALUES (?1, ?2)").bind(r.key, r.value)));
    forgetActiveDataset();
  }
}

/** Runs `work` while another reseed holds the lease. */
async function withLeaseHeld<T>(work: () => Promise<T>): Promise<T> {
  const before = await env.DB.prepare("SELECT lease_owner, lease_until FROM reseed_state WHERE id = 1").first<{
    lease_owner: string | null;
    lease_until: number | null;
  }>();
  await env.DB.prepare("UPDATE reseed_state SET lease_owner = 'cron', lease_until = ?1 WHERE id = 1")
    .bind(Date.now() + 60_000)
    .run();
  try {
    return await work();
  } finally {
    await env.DB.prepare("UPDATE reseed_state SET lease_owner = ?1, lease_until = ?2 WHERE id = 1")
      .bind(before?.lease_owner ?? null, before?.lease_until ?? null)
      .run();
  }
}

/** Runs `work` with a `latest` pointer to a delta (from the live version) whose bytes fail their hash. */
async function withBadBundle<T>(work: () => Promise<T>): Promise<T> {
  const delta = `deltas/${env.TEST_SEED.version}-x.json`;
  await env.SEEDS.put(delta, "{}");
  await env.SEEDS.put(
    LATEST_KEY,
    JSON.stringify({
      version: "x",
      manifest: "manifests/x.json",
      sha256: "0".repeat(64),
      publishedAt: "",
      deltas: { [env.TEST_SEED.version]: { key: delta, sha256: "0".repeat(64) } },
    }),
  );
  try {
    return await work();
  } finally {
    await env.SEEDS.delete([LATEST_KEY, delta]);
  }
}

// ---- the inputs ------------------------------------------------------------------------------

const enc = encodeURIComponent;
const params = (op: Operation, where: "path" | "query") => (op.parameters ?? []).filter((p) => p.in === where);

/** The operation's URL with these path values and query pairs (valid ones: the parameters' examples). */
function url(op: Operation, path: Record<string, string> = {}, query: [string, string][] | null = null): string {
  let p = op.path;
  for (const param of params(op, "path")) p = p.replace(`{${param.name}}`, path[param.name] ?? enc(String(param.schema.example)));
  const q =
    query ??
    params(op, "query")
      .filter((x) => x.required)
      .map((x) => [x.name, String(x.schema.example)] as [string, string]);
  return q.length ? `${p}?${q.map(([k, v]) => `${k}=${v === "" ? "" : enc(v)}`).join("&")}` : p;
}

interface Provocation {
  what: string;
  send: () => Promise<Sent>;
}

function provocations(op: Operation, valid: Sent): Provocation[] {
  const list: Provocation[] = [];
  const add = (what: string, s: () => Promise<Sent>) => list.push({ what, send: s });
  const requiredQuery = params(op, "query")
    .filter((p) => p.required)
    .map((p) => [p.name, String(p.schema.example)] as [string, string]);
  const etag = valid.headers.get("etag");
  if (etag) add("its ETag in If-None-Match", () => send(op.method, url(op), "normal", { "If-None-Match": etag }));
  for (const p of params(op, "path")) {
    add(`a bad ${p.name}`, () => send(op.method, url(op, { [p.name]: p.schema.type === "integer" ? "0" : "a%00b" })));
    add(`an unknown ${p.name}`, () => send(op.method, url(op, { [p.name]: p.schema.type === "integer" ? "999999999" : "zzqx%20nothing%20here" })));
    add(`no ${p.name}`, () => send(op.method, op.path.replace(`{${p.name}}`, "")));
  }
  for (const p of params(op, "query")) {
    if (p.required)
      add(`no ${p.name}`, () =>
        send(
          op.method,
          url(
            op,
            {},
            requiredQuery.filter(([k]) => k !== p.name),
          ),
        ),
      );
    else add(`a bad ${p.name}`, () => send(op.method, url(op, {}, [...requiredQuery, [p.name, p.schema.enum ? "zzz" : "abc"]])));
    if (p.schema.minimum !== undefined)
      add(`${p.name} at its minimum`, () => send(op.method, url(op, {}, [...requiredQuery, [p.name, String(p.schema.minimum)]])));
  }
  add("broken percent-encoding", () => send(op.method, `${url(op)}${url(op).includes("?") ? "&" : "?"}%FF`));
  add("an oversized query string", () => send(op.method, `${op.path.replace(/\{[^}]+\}/g, "x")}?pad=${"a".repeat(MAX_QUERY_CHARS)}`));
  const methods = Object.keys(doc.paths[op.path]!).map((m) => m.toUpperCase());
  for (const m of ["GET", "POST", "PUT", "DELETE", "PATCH"].filter((m) => !methods.includes(m))) add(m, () => send(m, url(op)));
  for (const c of ["rate_limited", "rate_limiter_down", "d1_down", "no_dataset"] as const) add(c, () => send(op.method, url(op), c));
  if (op.security?.length) {
    add("no token", () => send(op.method, url(op), "no_token"));
    add("admin disabled", () => send(op.method, url(op), "admin_disabled"));
  }
  if (op.operationId === "adminReseed") {
    add("another run holding the lease", () => withLeaseHeld(() => send(op.method, url(op))));
    add("a bundle failing its hash", () => withBadBundle(() => send(op.method, url(op))));
  }
  return list;
}

// ---- the checks --------------------------------------------------------------------------------

beforeEach(() => {
  // D1 failures and errors are provoked on purpose (and the reseed logs its report): quiet.
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.spyOn(console, "log").mockImplementation(() => {});
  // Only the route answers: no Cache API hit may stand in for it.
  vi.spyOn(caches.default, "match").mockResolvedValue(undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  forgetActiveDataset();
});

function expectDocumentedAnswer(op: Operation, what: string, res: Sent) {
  const where = `${op.method} ${op.path} (${what}) -> ${res.status} ${res.text.slice(0, 200)}`;
  const found = documented(op, res.status);
  expect(found, `${where}: status not documented`).toBeDefined();
  for (const name of Object.keys(found!.response.headers ?? {})) expect(res.headers.get(name), `${where}: header ${name}`).not.toBeNull();
  const schema = bodySchema(op, res.status);
  if (!schema) {
    expect(res.text, where).toBe("");
    return;
  }
  expect(res.headers.get("content-type"), where).toMatch(/^application\/json/);
  const parsed = schema.safeParse(res.body);
  expect(parsed.success, `${where}: ${parsed.error?.message}`).toBe(true);
}

describe("every status the Worker answers an operation with is in its document", () => {
  it("covers every operation of the document", () => {
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([...routeConfigs.keys()].sort());
    expect(operations.length).toBeGreaterThanOrEqual(12);
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))("%s", async (_name, op) => {
    const valid = await send(op.method, url(op));
    const answered = new Map<number, string>([[valid.status, "a valid call"]]);
    expectDocumentedAnswer(op, "a valid call", valid);
    for (const p of provocations(op, valid)) {
      const res = await p.send();
      expectDocumentedAnswer(op, p.what, res);
      if (!answered.has(res.status)) answered.set(res.status, p.what);
    }
    expect(valid.status, "a valid call").toBeLessThan(300);
    const statuses = (m: Iterable<number | string>) => [...m].map(Number).sort((a, b) => a - b);
    // Both ways: no status is undocumented, and none is documented that it never answers.
    expect(statuses(answered.keys()), JSON.stringify(Object.fromEntries(answered))).toEqual(statuses(Object.keys(op.responses)));
  });
});

describe("the document's examples are real answers", () => {
  const ANSWER = /^Answer to `([A-Z]+) ([^`]+)`(?: (.+))?\.$/;
  const conditions = EXAMPLE_CONDITIONS as Record<string, Condition>;
  const examples: { where: string; status: number; example: Example }[] = [];
  for (const op of operations) {
    for (const status of Object.keys(op.responses).map(Number)) {
      const found = documented(op, status)!;
      if (found.shared && examples.some((e) => e.where === found.shared)) continue; // a shared component: once
      for (const example of Object.values(found.response.content?.["application/json"]?.examples ?? {})) {
        examples.push({ where: found.shared ?? `${op.method} ${op.path}`, status, example });
      }
    }
  }

  it("every error status has at least one example, and every example fits its schema", () => {
    for (const op of operations) {
      for (const status of Object.keys(op.responses)
        .map(Number)
        .filter((s) => s >= 400)) {
        const found = documented(op, status)!;
        const list = Object.values(found.response.content?.["application/json"]?.examples ?? {});
        expect(list.length, `${op.method} ${op.path} ${status}`).toBeGreaterThan(0);
        for (const e of list) expect(bodySchema(op, status)!.safeParse(e.value).success, `${op.method} ${op.path} ${status}: ${e.summary}`).toBe(true);
      }
    }
  });

  it.each(examples.filter((e) => ANSWER.test(e.example.description)).map((e) => [`${e.where} ${e.status}: ${e.example.summary}`, e] as const))(
    "%s",
    async (_name, { status, example }) => {
      const [, method, path, phrase] = ANSWER.exec(example.description)!;
      const condition = phrase === undefined ? "normal" : conditions[phrase];
      expect(condition, `unknown condition "${phrase}"`).toBeDefined();
      const res = await send(method!, path!, condition);
      expect(res.status).toBe(status);
      expect(res.body).toEqual(example.value);
    },
  );
});
