import { createRouter } from "../../lib/create-app.ts";
import { descubrirHandler } from "./descubrir.handlers.ts";
import { descubrir } from "./descubrir.routes.ts";

export default createRouter().openapi(descubrir, descubrirHandler);
