import { createRoute, z } from "@hono/zod-openapi";

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
  tags: ["Servicio"],
  summary: "Liveness and the dataset being served",
  responses: {
    200: { content: { "application/json": { schema: HealthResponse } }, description: "Serving a dataset" },
    503: { content: { "application/json": { schema: HealthResponse } }, description: "Running, but no dataset is loaded" },
  },
});
