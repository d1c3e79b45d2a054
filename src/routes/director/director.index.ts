import { createRouter } from "../../lib/create-app.ts";
import { getDirectorHandler } from "./director.handlers.ts";
import { getDirector } from "./director.routes.ts";

export default createRouter().openapi(getDirector, getDirectorHandler);
