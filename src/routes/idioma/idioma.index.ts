import { createRouter } from "../../lib/create-app.ts";
import { peliculasIdiomaHandler } from "./idioma.handlers.ts";
import { peliculasIdioma } from "./idioma.routes.ts";

export default createRouter().openapi(peliculasIdioma, peliculasIdiomaHandler);
