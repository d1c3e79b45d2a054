import { createRoute } from "@hono/zod-openapi";
import { ANY_ROUTE, jsonContent, sharedResponses } from "../../lib/openapi.ts";
import { HealthResponse } from "./health.schemas.ts";

export const health = createRoute({
  method: "get",
  path: "/health",
  operationId: "health",
  tags: ["Servicio"],
  summary: "Liveness and the dataset being served",
  description:
    "200 while a dataset is served; 503 with `status: no_data` while none is loaded yet or D1 cannot be read. Never cached: for monitors and load balancers.",
  responses: {
    200: jsonContent(HealthResponse, "Serving a dataset", { headers: ["Cache-Control"] }),
    503: jsonContent(HealthResponse, "Running, but no dataset can be served (none loaded yet, or D1 not answering)", {
      headers: ["Cache-Control"],
      examples: [{ summary: "No data", description: "While no dataset is loaded, or D1 is failing.", value: { status: "no_data", dataset: null } }],
    }),
    ...sharedResponses(...ANY_ROUTE),
  },
});
