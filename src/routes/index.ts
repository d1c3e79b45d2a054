// Every route of the API wired in one place: each route's definition (path, parameters, answers:
// <path>/<path>.routes.ts) with its handler (<path>.handlers.ts). src/app.ts mounts these lists.
import { createRouter } from "../lib/create-app.ts";
import { adminRouter } from "./admin/admin.router.ts";
import { benchRouter } from "./bench/bench.router.ts";
import { buscarHandler } from "./buscar/buscar.handlers.ts";
import { buscar } from "./buscar/buscar.routes.ts";
import { descubrirHandler } from "./descubrir/descubrir.handlers.ts";
import { descubrir } from "./descubrir/descubrir.routes.ts";
import { franquiciaHandler } from "./franquicia/franquicia.handlers.ts";
import { franquicia } from "./franquicia/franquicia.routes.ts";
import { getDirectorHandler } from "./get_director/get_director.handlers.ts";
import { getDirector } from "./get_director/get_director.routes.ts";
import { healthHandler } from "./health/health.handlers.ts";
import { health } from "./health/health.routes.ts";
import { peliculaHandler } from "./peliculas/peliculas.handlers.ts";
import { pelicula } from "./peliculas/peliculas.routes.ts";
import { peliculasDuracionHandler } from "./peliculas_duracion/peliculas_duracion.handlers.ts";
import { peliculasDuracion } from "./peliculas_duracion/peliculas_duracion.routes.ts";
import { peliculasIdiomaHandler } from "./peliculas_idioma/peliculas_idioma.handlers.ts";
import { peliculasIdioma } from "./peliculas_idioma/peliculas_idioma.routes.ts";
import { peliculasPaisHandler } from "./peliculas_pais/peliculas_pais.handlers.ts";
import { peliculasPais } from "./peliculas_pais/peliculas_pais.routes.ts";
import { productorasExitosasHandler } from "./productoras_exitosas/productoras_exitosas.handlers.ts";
import { productorasExitosas } from "./productoras_exitosas/productoras_exitosas.routes.ts";
import { recomendacionHandler } from "./recomendacion/recomendacion.handlers.ts";
import { recomendacion } from "./recomendacion/recomendacion.routes.ts";
import { versionHandler } from "./version/version.handlers.ts";
import { version } from "./version/version.routes.ts";

/** Routes that answer from the dataset: 503 while none is loaded (src/middleware/require-dataset.ts). */
export const DATA_ROUTERS = [
  createRouter().openapi(peliculasIdioma, peliculasIdiomaHandler),
  createRouter().openapi(peliculasDuracion, peliculasDuracionHandler),
  createRouter().openapi(franquicia, franquiciaHandler),
  createRouter().openapi(peliculasPais, peliculasPaisHandler),
  createRouter().openapi(productorasExitosas, productorasExitosasHandler),
  createRouter().openapi(getDirector, getDirectorHandler),
  createRouter().openapi(recomendacion, recomendacionHandler),
  createRouter().openapi(buscar, buscarHandler),
  createRouter().openapi(pelicula, peliculaHandler),
  createRouter().openapi(descubrir, descubrirHandler),
];

/** Routes that answer whether or not a dataset is loaded. */
export const SERVICE_ROUTERS = [createRouter().openapi(health, healthHandler), createRouter().openapi(version, versionHandler), adminRouter, benchRouter];
