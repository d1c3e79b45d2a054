import { createExecutionContext, env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { it } from "vitest";
import app from "../../src/app.ts";
async function loop(label: string, f: (i: number) => Promise<unknown>) {
  let t = performance.now();
  for (let i = 0; i < 300; i++) {
    await f(i);
    if (i % 100 === 99) { console.log("T", label, i, ((performance.now() - t) / 100).toFixed(1), "ms/req"); t = performance.now(); }
  }
}
it("timing", async () => {
  await loop("app.fetch /nope", async (i) => (await app.fetch(new Request(`http://example.com/nope${i}`), env, createExecutionContext())).text());
  await loop("exports /nope", async (i) => (await exports.default.fetch(new Request(`http://example.com/nope${i}`))).text());
  await loop("app.fetch /nope again", async (i) => (await app.fetch(new Request(`http://example.com/nope${i}`), env, createExecutionContext())).text());
  await loop("exports /nope again", async (i) => (await exports.default.fetch(new Request(`http://example.com/nope${i}`))).text());
}, 600_000);
