import { createRouter } from "../../lib/create-app.ts";
import { productorasExitosasHandler } from "./productoras.handlers.ts";
import { productorasExitosas } from "./productoras.routes.ts";

export default createRouter().openapi(productorasExitosas, productorasExitosasHandler);
