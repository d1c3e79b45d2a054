// At most one D1 call (one statement or one batch) per request, measured on the uncached path
// (bench mode + the cache-bypass header) with the dataset version already in isolate memory —
// a cold isolate adds one batch a minute to read it (src/db/dataset.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { bodyOf } from "./http.ts";
import { instrumentedFetch, uncached, warmIsolate } from "./instrumented.ts";
import { DocSchema } from "./openapi-doc.ts";

// A hit, a duplicate title or alias, ?anio=, and a miss (404 with suggestions) for every route.
const CASES: Record<string, string[]> = {
  peliculas_idioma: ["es", "spanish", "klingon"],
  peliculas_duracion: ["toy%20story", "sabrina?anio=1995", "sabrina?anio=2000", "toy%20stroy"],
  franquicia: ["toy%20story%20collection", "star%20war"],
  peliculas_pais: ["us", "estados%20unidos", "estados"],
  productoras_exitosas: ["pixar%20animation%20studios", "pixar"],
  get_director: ["john%20lasseter", "john%20lass"],
  recomendacion: ["toy%20story", "psycho?anio=1998", "psycho?anio=1999", "the%20matrx"],
};

beforeAll(warmIsolate);

describe.each(Object.entries(CASES))("/%s", (route, inputs) => {
  it.each(inputs)("%s: at most one D1 call", async (input) => {
    const res = await uncached(`/${route}/${input}`);
    expect([200, 404]).toContain(res.status);
    expect(res.headers.get("x-cache")).toBe("BYPASS");
    expect(res.calls.d1, `${res.status} ${res.calls.sql.join(" | ")}`).toBeLessThanOrEqual(1);
  });
});

describe("every documented route", () => {
  it("its OpenAPI example makes at most one D1 call", async () => {
    const doc = bodyOf(DocSchema, await instrumentedFetch("/openapi.json"));
    let tried = 0;
    for (const [template, item] of Object.entries(doc.paths)) {
      const params = item.get?.parameters ?? [];
      let path = template;
      const query = new URLSearchParams();
      for (const p of params) {
        const example = p.schema?.example ?? p.example;
        if (example === undefined) continue;
        if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(String(example)));
        else if (p.in === "query" && p.required) query.set(p.name, String(example));
      }
      const res = await uncached(query.size ? `${path}?${query}` : path);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
      expect(res.calls.d1, `${path}: ${res.calls.sql.join(" | ")}`).toBeLessThanOrEqual(1);
      tried++;
    }
    expect(tried).toBeGreaterThanOrEqual(8);
  });
});

describe("/recomendacion", () => {
  it("a hit is at most one KV read and no D1 call", async () => {
    const res = await uncached("/recomendacion/toy%20story");
    expect(res.status).toBe(200);
    expect(res.calls.d1).toBe(0);
    expect(res.calls.kv).toBeLessThanOrEqual(1);
  });
});
