// A movie card (/peliculas/{id}): the facts of the record and its five recommendations.

import { api, type Movie } from "../api.ts";
import { h, joined } from "../dom.ts";
import { count, duration, fixed, money } from "../format.ts";
import { href } from "../routes.ts";
import { facts, heading, type Page, unknown } from "./common.ts";

export async function moviePage(id: number): Promise<Page> {
  const m = await api.movie(id);
  return { title: `${m.titulo} (${m.anio})`, content: [card(m), recommendations(m)] };
}

function card(m: Movie) {
  const links = <T>(list: T[], to: (x: T) => string, text: (x: T) => string) =>
    list.length
      ? joined(
          list.map((x) => h("a", { href: to(x) }, text(x))),
          ", ",
        )
      : null;
  return h(
    "article",
    { class: "card movie", "aria-labelledby": "movie-title" },
    heading(h("span", { id: "movie-title" }, m.titulo, " ", h("span", { class: "year" }, `(${m.anio})`)), m.generos.map((g) => g.nombre).join(" · ") || null),
    facts([
      ["Released", m.fecha],
      ["Runtime", m.duracion ? duration(m.duracion) : unknown()],
      ["Genres", m.generos.map((g) => g.nombre).join(", ") || unknown()],
      [
        m.directores.length > 1 ? "Directors" : "Director",
        links(
          m.directores,
          (d) => href.named("director", d.nombre),
          (d) => d.nombre,
        ) ?? unknown(),
      ],
      ["Franchise", m.franquicia ? h("a", { href: href.named("franquicia", m.franquicia.nombre) }, m.franquicia.nombre) : null],
      ["Budget", m.presupuesto ? money(m.presupuesto) : unknown()],
      ["Revenue", m.ganancia ? money(m.ganancia) : unknown()],
      ["Return", m.presupuesto ? `${fixed(m.retorno)}×` : unknown()],
      [
        "Countries",
        links(
          m.paises,
          (c) => href.named("pais", c.codigo),
          (c) => c.nombre,
        ),
      ],
      [
        "Languages",
        links(
          m.idiomas,
          (l) => href.named("idioma", l.codigo),
          (l) => l.nombre,
        ),
      ],
      ["Votes", m.votos_cantidad ? `${fixed(m.votos_promedio, 1)} / 10 (${count(m.votos_cantidad)} votes)` : null],
    ]),
    m.resumen ? h("p", { class: "overview" }, m.resumen) : null,
  );
}

function recommendations(m: Movie) {
  return h(
    "section",
    { class: "recs", "aria-labelledby": "recs-h" },
    h("h2", { id: "recs-h" }, "If you liked it"),
    m.recomendaciones.length
      ? h(
          "ol",
          { class: "rec-list" },
          m.recomendaciones.map((r) =>
            h(
              "li",
              { class: "rec" },
              h("a", { href: href.movie(r.id) }, h("span", { class: "rec-title" }, r.titulo), " ", h("span", { class: "year" }, `(${r.anio})`)),
              h(
                "span",
                { class: "sim" },
                h("meter", { min: 0, max: 1, value: r.similitud, "aria-label": `Similarity to ${m.titulo}` }),
                h("span", { class: "sim-value" }, `similarity ${fixed(r.similitud)}`),
              ),
              // Why: the words both descriptions share that weigh most in the similarity.
              r.terminos.length ? h("p", { class: "because" }, h("span", { class: "because-label" }, "because: "), r.terminos.join(" · ")) : null,
            ),
          ),
        )
      : h("p", {}, "No similar movies: its description shares no words with another movie's."),
  );
}
