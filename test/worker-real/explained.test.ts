// Issue 15: Toy Story's recommendations on the real data, each with the terms that explain it.
import { describe, expect, it } from "vitest";
import { RecomendacionResponse } from "../../src/routes/recomendacion/recomendacion.schemas.ts";
import { getAs } from "../worker/http.ts";

describe("/recomendacion/Toy Story on the real data", () => {
  it("explains each of the five recommendations with shared terms", async () => {
    const res = await getAs(RecomendacionResponse, "/recomendacion/Toy%20Story");
    expect(res.status).toBe(200);
    const recs = res.body.recomendaciones;
    expect(recs).toHaveLength(5);
    expect(recs[0]!.titulo).toBe("Toy Story 2");
    expect(recs[0]!.terminos).toHaveLength(3);
    for (const r of recs) expect(r.terminos.length).toBeGreaterThan(0);
    console.log(`/recomendacion/Toy Story:\n${recs.map((r) => `  ${r.similitud.toFixed(6)}  ${r.titulo} (${r.anio}): ${r.terminos.join(" · ")}`).join("\n")}`);
  });
});
