import { createRoute, z } from "@hono/zod-openapi";
import { MAX_GENRES } from "../../db/discover.ts";
import { errorAnswer, getOperation, lookupResponses } from "../../lib/openapi.ts";
import { inQuery, MAX_YEAR, MIN_YEAR, nameText, oneOf, pageParam, wholeNumber } from "../../lib/params.ts";
import { DIRECTIONS, MAX_PAGE, ORDERS, PAGE_SIZE } from "../../shared/discover.ts";
import { DescubrirResponse } from "./descubrir.schemas.ts";

const whole = (name: string, min: number, max: number, description: string, example: number, message = `must be a whole number from ${min} to ${max}`) =>
  inQuery(wholeNumber(min, max, message).optional(), name, example, description);
const YEAR = `must be a year from ${MIN_YEAR} to ${MAX_YEAR}, such as 1995`;
const name = (param: string, example: string, description: string) => inQuery(nameText().optional(), param, example, description);

/** `genero` once or several times, each value possibly a comma-separated list: every genre must match. */
const Generos = z
  .preprocess(
    (v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => (typeof s === "string" ? s.split(",") : [s]))),
    z.array(nameText()).max(MAX_GENRES, { error: `must name at most ${MAX_GENRES} genres` }),
  )
  .openapi({
    param: { name: "genero", in: "query", style: "form", explode: true },
    type: "array",
    items: { type: "string" },
    example: ["Animation"],
    description: `Genre name (\`Animation\`, \`science fiction\`) or id (\`16\`); repeat it or separate with commas for movies having all of them (at most ${MAX_GENRES}).`,
  });

export const DescubrirQuery = z.object({
  genero: Generos,
  anio_desde: whole("anio_desde", MIN_YEAR, MAX_YEAR, "Released this year or later.", 1990, YEAR),
  anio_hasta: whole("anio_hasta", MIN_YEAR, MAX_YEAR, "Released this year or earlier.", 1999, YEAR),
  idioma: name("idioma", "en", "First spoken language, as /peliculas_idioma accepts it: code, dataset, English or Spanish name."),
  pais: name("pais", "US", "Production country, as /peliculas_pais accepts it."),
  productora: name("productora", "Pixar Animation Studios", "Production company, as /productoras_exitosas accepts it."),
  franquicia: name("franquicia", "Toy Story", 'Franchise, as /franquicia accepts it (with or without "Collection").'),
  director: name("director", "John Lasseter", "Director, as /get_director accepts it."),
  votos_min: whole("votos_min", 0, 1_000_000_000, "At least this many votes.", 100),
  duracion_min: whole("duracion_min", 0, 100_000, "Runtime of at least this many minutes (movies with an unknown runtime are left out).", 60),
  duracion_max: whole("duracion_max", 0, 100_000, "Runtime of at most this many minutes (movies with an unknown runtime are left out).", 120),
  orden: inQuery(
    oneOf(ORDERS).default("popularidad"),
    "orden",
    "votos_promedio",
    "Sort by popularity, vote average, vote count, release date, revenue, return (revenue / budget) or title. Ties: the lower id first.",
  ),
  direccion: inQuery(oneOf(DIRECTIONS).optional(), "direccion", "desc", "`desc` (default; `asc` for `titulo`) or `asc`."),
  page: pageParam(MAX_PAGE, PAGE_SIZE),
});

export const descubrir = createRoute({
  ...getOperation(
    "/descubrir",
    "Búsqueda",
    "Browse the catalogue: filter by genre, years, language, country, company, franchise, director, votes, runtime; sort; page",
  ),
  description:
    "Every filter given must hold. Names are matched as in the lookup routes (case, accents, punctuation and spacing ignored); an unknown " +
    "name is a 404 with `sugerencias` and `parametro`. `total_results` is exact for one named filter with or without a year range, " +
    "or when the smallest set of movies the filters select has few movies; otherwise it counts the first movies of that set and " +
    `\`total_results_capped\` says there may be more. ${PAGE_SIZE} results a page, pages 1–${MAX_PAGE}.`,
  request: { query: DescubrirQuery },
  responses: lookupResponses(
    DescubrirResponse,
    "One page of movies",
    "A name given as a filter matches nothing; `parametro` and `valor` say which, `sugerencias` lists close names that exist.",
    [
      errorAnswer("An unknown genre", "GET /descubrir?genero=animacion", "not_found", 'No genre matches "animacion".', {
        sugerencias: ["Animation"],
        parametro: "genero",
        valor: "animacion",
      }),
    ],
  ),
});
