// /peliculas/{id}: one movie's whole cleaned record in one statement. Lists come back as JSON
// arrays built by SQLite, each in the dataset's order (`ord`).

export interface Ref { id: number; nombre: string }
export interface CodeRef { codigo: string; nombre: string }

export interface MovieRecord {
  id: number; title: string; title_key: string; release_date: string; release_year: number;
  budget: number; revenue: number; return_ratio: number; runtime: number | null;
  popularity: number; vote_average: number; vote_count: number; original_language: string; overview: string;
  collection: Ref | null; genres: Ref[]; companies: Ref[]; countries: CodeRef[]; languages: CodeRef[]; directors: Ref[];
}

/** A list of `fields` from `joins`, in `ord` order, as a JSON array of objects. */
const list = (fields: string, columns: string, joins: string) =>
  `(SELECT json_group_array(json_object(${fields})) FROM (SELECT ${columns} ${joins} ORDER BY x.ord))`;

export const MOVIE_SQL = `SELECT m.id, m.title, m.title_key, m.release_date, m.release_year, m.budget, m.revenue,
    m.return_ratio, m.runtime, m.popularity, m.vote_average, m.vote_count, m.original_language, m.overview,
    CASE WHEN c.id IS NULL THEN NULL ELSE json_object('id', c.id, 'nombre', c.name) END AS collection,
    ${list("'id', id, 'nombre', name", "g.id, g.name", "FROM movie_genres x JOIN genres g ON g.id = x.genre_id WHERE x.movie_id = m.id")} AS genres,
    ${list("'id', id, 'nombre', name", "p.id, p.name", "FROM movie_companies x JOIN companies p ON p.id = x.company_id WHERE x.movie_id = m.id")} AS companies,
    ${list("'codigo', code, 'nombre', name", "k.code, k.name", "FROM movie_countries x JOIN countries k ON k.code = x.country_code WHERE x.movie_id = m.id")} AS countries,
    ${list("'codigo', code, 'nombre', name", "l.code, l.name", "FROM movie_languages x JOIN languages l ON l.code = x.language_code WHERE x.movie_id = m.id")} AS languages,
    ${list("'id', id, 'nombre', name", "d.id, d.name", "FROM movie_directors x JOIN directors d ON d.id = x.director_id WHERE x.movie_id = m.id")} AS directors
  FROM movies m LEFT JOIN collections c ON c.id = m.collection_id
  WHERE m.id = ?1`;

const JSON_COLUMNS = ["collection", "genres", "companies", "countries", "languages", "directors"] as const;

export async function findMovie(db: D1Database, id: number): Promise<MovieRecord | null> {
  const row = await db.prepare(MOVIE_SQL).bind(id).first<Record<string, unknown>>();
  if (!row) return null;
  for (const c of JSON_COLUMNS) row[c] = typeof row[c] === "string" ? JSON.parse(row[c]) : null;
  return row as unknown as MovieRecord;
}
