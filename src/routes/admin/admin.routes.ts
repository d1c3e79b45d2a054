import { createRoute, z } from "@hono/zod-openapi";
import { ErrorSchema } from "../../lib/errors.ts";
import { ReseedReportSchema } from "../../reseed/report.ts";

const errorWithReport = (description: string) => ({
  content: { "application/json": { schema: ErrorSchema.extend({ error: ErrorSchema.shape.error.extend({ reseed: ReseedReportSchema.optional() }) }) } },
  description,
});

export const reseed = createRoute({
  method: "post",
  path: "/admin/reseed",
  tags: ["Admin"],
  summary: "Apply the latest published seed bundle now (what the daily cron does)",
  description:
    "Runs one reseed: if the bundle `latest` points at in R2 is not the live version, diffs it against the live data and " +
    "applies it atomically. A change too large for one run stages part of it and answers `in_progress`; call again to continue. " +
    "Needs `Authorization: Bearer <ADMIN_TOKEN>`; without that secret configured the route does not exist (404).",
  security: [{ adminToken: [] }],
  responses: {
    200: { content: { "application/json": { schema: z.object({ reseed: ReseedReportSchema }) } }, description: "Applied, already up to date, or in progress" },
    401: errorWithReport("Missing or wrong bearer token"),
    404: errorWithReport("Admin routes are disabled (no ADMIN_TOKEN secret)"),
    409: errorWithReport("Another reseed is running"),
    422: errorWithReport("The bundle failed its checks (a part's hash, its shape); nothing was changed"),
    500: errorWithReport("The reseed failed; the live version is untouched and the next run continues"),
  },
});
