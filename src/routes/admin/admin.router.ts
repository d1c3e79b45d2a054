// POST /admin/reseed behind its bearer token: the route's own security scheme and middleware.
import { adminAuth } from "../../lib/admin-auth.ts";
import { createRouter } from "../../lib/create-app.ts";
import { reseedHandler } from "./admin.handlers.ts";
import { reseed } from "./admin.routes.ts";

const router = createRouter();
router.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
  type: "http",
  scheme: "bearer",
  description: "The Worker secret ADMIN_TOKEN",
});
router.use("/admin/*", adminAuth());
export const adminRouter = router.openapi(reseed, reseedHandler);
