import { ApiError } from "../../lib/errors.ts";
import type { AppRouteHandler } from "../../lib/types.ts";
import { runReseed } from "../../reseed/run.ts";
import type { reseed } from "./admin.routes.ts";

export const reseedHandler: AppRouteHandler<typeof reseed> = async (c) => {
  const report = await runReseed(c.env, { trigger: "admin" });
  const { event: _event, ...body } = report;
  switch (report.outcome) {
    case "busy":
      throw new ApiError(409, "conflict", "Another reseed is running; try again when it is done.", { reseed: body });
    case "rejected":
      throw new ApiError(422, "bundle_rejected", `The bundle was rejected: ${report.message}`, { reseed: body });
    case "failed":
      throw new ApiError(500, "reseed_failed", `The reseed failed: ${report.message}`, { reseed: body });
    default:
      return c.json({ reseed: body }, 200);
  }
};
