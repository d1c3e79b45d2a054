import { createRouter } from "../../lib/create-app.ts";
import { recomendacionHandler } from "./recomendacion.handlers.ts";
import { recomendacion } from "./recomendacion.routes.ts";

export default createRouter().openapi(recomendacion, recomendacionHandler);
