import { createRouter } from "../../lib/create-app.ts";
import { peliculasPaisHandler } from "./pais.handlers.ts";
import { peliculasPais } from "./pais.routes.ts";

export default createRouter().openapi(peliculasPais, peliculasPaisHandler);
