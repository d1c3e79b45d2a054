import { createRouter } from "../../lib/create-app.ts";
import { versionHandler } from "./version.handlers.ts";
import { version } from "./version.routes.ts";

export default createRouter().openapi(version, versionHandler);
