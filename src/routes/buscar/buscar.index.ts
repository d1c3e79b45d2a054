import { createRouter } from "../../lib/create-app.ts";
import { buscarHandler } from "./buscar.handlers.ts";
import { buscar } from "./buscar.routes.ts";

export default createRouter().openapi(buscar, buscarHandler);
