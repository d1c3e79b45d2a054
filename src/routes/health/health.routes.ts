import { createRoute, z } from "@hono/zod-openapi";
import { ANY_ROUTE, jsonContent, sharedResponses } from "../../lib/openapi.ts";

export const HealthResponse = z
  .object({
    status: z.enum(["ok", "no_data"]).openapi({ example: "ok" }),
    dataset: z
      .object({ version: z.string(), built_at: z.string(), movies: z.number().int() })
      .nullable()
      .openapi({ example: { version: "3f1c0a9e5b7d2c41", built_at: "2026-11-27T02:30:00.000Z", movies: 4995 } }),
  })
  .openapi("Health");

export const health = createRoute({
  method: "get",
  path: "/health",
  operationId: "health",
  tags: ["Servicio"],
  summary: "Liveness and the dataset being served",
  description: "200 while a dataset is served; 503 with `status: no_data` while none is loaded yet or D1 cannot be read. Never cached: for monitors and load balancers.",
  responses: {
    200: jsonContent(HealthResponse, "Serving a dataset", { headers: ["Cache-Control"] }),
    503: jsonContent(HealthResponse, "Running, but no dataset can be served (none loaded yet, or D1 not answering)", {
      headers: ["Cache-Control"],
      examples: [{ summary: "No data", description: "While no dataset is loaded, or D1 is failing.", value: { status: "no_data", dataset: null } }],
    }),
    ...sharedResponses(...ANY_ROUTE),
  },
});
