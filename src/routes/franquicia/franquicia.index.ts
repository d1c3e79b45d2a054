import { createRouter } from "../../lib/create-app.ts";
import { franquiciaHandler } from "./franquicia.handlers.ts";
import { franquicia } from "./franquicia.routes.ts";

export default createRouter().openapi(franquicia, franquiciaHandler);
