import { createRouter } from "../../lib/create-app.ts";
import { peliculaHandler } from "./peliculas.handlers.ts";
import { pelicula } from "./peliculas.routes.ts";

export default createRouter().openapi(pelicula, peliculaHandler);
