import { createRouter } from "../../lib/create-app.ts";
import { peliculasDuracionHandler } from "./duracion.handlers.ts";
import { peliculasDuracion } from "./duracion.routes.ts";

export default createRouter().openapi(peliculasDuracion, peliculasDuracionHandler);
