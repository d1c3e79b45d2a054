import { createRouter } from "../../lib/create-app.ts";
import { healthHandler } from "./health.handlers.ts";
import { health } from "./health.routes.ts";

export default createRouter().openapi(health, healthHandler);
