// The answer of `GET /health`: the zod schema the OpenAPI document is generated from, and the type
// that the handler and the UI (ui/api.ts) derive from it. Imports nothing of the Worker.
import { z } from "@hono/zod-openapi";

export const HealthResponse = z
  .object({
    status: z.enum(["ok", "no_data"]).openapi({ example: "ok" }),
    dataset: z
      .object({ version: z.string(), built_at: z.string(), movies: z.number().int() })
      .nullable()
      .openapi({ example: { version: "3f1c0a9e5b7d2c41", built_at: "2026-11-27T02:30:00.000Z", movies: 4995 } }),
  })
  .openapi("Health");

export type Health = z.infer<typeof HealthResponse>;
