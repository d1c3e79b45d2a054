-- Schema of the movie catalogue. Hand-written (this folder is the only committed part of
-- seed/): the ETL's SQL writer and the Worker's queries are both written against it.
-- *_key columns hold normalizeName() of the display name (src/shared/normalize.ts), so every
-- lookup by name is an index seek. Aggregates the routes answer with are precomputed by the
-- ETL, because the catalogue only changes when a new seed is loaded.
--
-- D1 bills rows, not bytes: every row a statement steps through is a row read (an index entry
-- too), every table or index entry inserted is a row written. So the lists a route shows are
-- precomputed JSON columns (src/shared/catalog-json.ts): a title's movies, a director's movies,
-- a movie's genres/companies/countries/languages/directors are one row read, however long. And
-- an index exists only where a query seeks through it (test/worker/query-plans.test.ts): each
-- one is a second row written per row. The link tables are kept for filtering movies by genre,
-- company, country, language or director (issue 15): their primary key starts with the thing
-- filtered by, so they need no second index; a movie's own links come from movies.links.
-- Foreign keys are declared only where the parent's key is an index the child can be checked
-- against both ways: D1 enforces them, and deleting or replacing a movie would otherwise look
-- its links up by movie_id, which no index serves (a scan of every link table per movie). The
-- ETL writes links and what they link together, and a reseed applies them in one transaction.

-- The dataset being served: version, build time, movie count and the recommendation shard map
-- (src/shared/dataset-meta.ts). Switched with the rest of the data in one transaction.
CREATE TABLE dataset_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Keyed in the order /franquicia looks a collection up: by name (several ids can share one), the
-- one with the most movies, then the lowest id. No route looks one up by id, so the table is its
-- own index.
CREATE TABLE collections (
  name_key      TEXT NOT NULL,
  movie_count   INTEGER NOT NULL,
  id            INTEGER NOT NULL,
  name          TEXT NOT NULL,
  revenue_total REAL NOT NULL,
  PRIMARY KEY (name_key, movie_count DESC, id)
) WITHOUT ROWID;

CREATE TABLE movies (
  id                INTEGER PRIMARY KEY,
  title             TEXT NOT NULL,
  title_key         TEXT NOT NULL,
  release_date      TEXT NOT NULL,
  release_year      INTEGER NOT NULL,
  budget            REAL NOT NULL,
  revenue           REAL NOT NULL,
  return_ratio      REAL NOT NULL,
  runtime           REAL,
  popularity        REAL NOT NULL,
  vote_average      REAL NOT NULL,
  vote_count        INTEGER NOT NULL,
  original_language TEXT NOT NULL,
  overview          TEXT NOT NULL,
  collection_id     INTEGER,
  -- /descubrir filters (issue 15), read from the row a walk steps on anyway: the movie's genres as
  -- a bit mask (genres.bit) and its first spoken language (what /peliculas_idioma counts).
  genre_mask        INTEGER NOT NULL,
  language          TEXT,
  -- MovieLinks JSON: collection, genres, companies, countries, languages, directors (/peliculas/{id}).
  links             TEXT NOT NULL
);
-- Movies of a franchise (filtering, issue 15). Partial: most movies have no collection, and
-- their entries would be written for nothing.
CREATE INDEX movies_by_collection ON movies (collection_id) WHERE collection_id IS NOT NULL;

-- Title routes: every movie with that title (TitleMovie JSON), most-voted first (the primary),
-- then lowest id; `part` > 0 only for lists longer than TITLE_PART_BYTES.
CREATE TABLE titles (
  title_key TEXT NOT NULL,
  part      INTEGER NOT NULL,
  movies    TEXT NOT NULL,
  PRIMARY KEY (title_key, part)
) WITHOUT ROWID;

-- bit: the genre's bit in movies.genre_mask; movie_count: its movies (/descubrir picks the
-- smallest set to walk).
CREATE TABLE genres (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  name_key    TEXT NOT NULL,
  bit         INTEGER NOT NULL,
  movie_count INTEGER NOT NULL
);
-- /descubrir?genero= looks a genre up by name, the one with most movies first should two share it
-- (about 20 rows: 20 rows written).
CREATE INDEX genres_by_name ON genres (name_key, movie_count DESC, id);
CREATE TABLE movie_genres (
  genre_id INTEGER NOT NULL REFERENCES genres (id),
  movie_id INTEGER NOT NULL,
  ord      INTEGER NOT NULL,
  PRIMARY KEY (genre_id, movie_id)
) WITHOUT ROWID;

-- movie_count / revenue_total count each movie once across every company row that shares the
-- name_key (the route answers by name, and the dataset repeats some names under several ids).
-- Keyed like collections.
CREATE TABLE companies (
  name_key      TEXT NOT NULL,
  movie_count   INTEGER NOT NULL,
  id            INTEGER NOT NULL,
  name          TEXT NOT NULL,
  revenue_total REAL NOT NULL,
  PRIMARY KEY (name_key, movie_count DESC, id)
) WITHOUT ROWID;
CREATE TABLE movie_companies (
  company_id INTEGER NOT NULL,
  movie_id   INTEGER NOT NULL,
  ord        INTEGER NOT NULL,
  PRIMARY KEY (company_id, movie_id)
) WITHOUT ROWID;

CREATE TABLE countries (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  movie_count INTEGER NOT NULL
) WITHOUT ROWID;
-- Every accepted spelling of a country (code, dataset name, English and Spanish names).
CREATE TABLE country_aliases (
  alias_key TEXT PRIMARY KEY,
  code      TEXT NOT NULL REFERENCES countries (code)
) WITHOUT ROWID;
CREATE TABLE movie_countries (
  country_code TEXT NOT NULL REFERENCES countries (code),
  movie_id     INTEGER NOT NULL,
  ord          INTEGER NOT NULL,
  PRIMARY KEY (country_code, movie_id)
) WITHOUT ROWID;

-- first_count: movies whose FIRST spoken language is this one (what /peliculas_idioma counts).
CREATE TABLE languages (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  first_count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE language_aliases (
  alias_key TEXT PRIMARY KEY,
  code      TEXT NOT NULL REFERENCES languages (code)
) WITHOUT ROWID;
-- Keyed (language, ord, movie): "first spoken language = X" is the prefix (X, 0).
CREATE TABLE movie_languages (
  language_code TEXT NOT NULL REFERENCES languages (code),
  ord           INTEGER NOT NULL,
  movie_id      INTEGER NOT NULL,
  PRIMARY KEY (language_code, ord, movie_id)
) WITHOUT ROWID;

-- One row per director name (the route answers by name; the dataset gives one person two ids),
-- keyed by that name: no route looks a director up by id, so `id` needs no index of its own.
CREATE TABLE directors (
  name_key     TEXT PRIMARY KEY,
  id           INTEGER NOT NULL,
  name         TEXT NOT NULL,
  movie_count  INTEGER NOT NULL,
  return_total REAL NOT NULL,
  -- DirectorMovie JSON, by release date (/get_director).
  movies       TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE movie_directors (
  director_id INTEGER NOT NULL,
  movie_id    INTEGER NOT NULL,
  ord         INTEGER NOT NULL,
  PRIMARY KEY (director_id, movie_id)
) WITHOUT ROWID;

-- /descubrir (issue 15, src/db/discover.ts). A *set* is what a filter selects: every movie ("*"),
-- a genre ("g:16"), a first spoken language ("l:fr"), a production country ("c:FR"), a company
-- name ("p:warner bros"), a director ("d:7879"), a franchise ("k:10194"), a decade ("y:1990").
-- A set with at least RANKED_MIN movies (src/shared/discover.ts), and every decade and "*", is
-- *ranked*: its movie ids are listed in each sort order, in parts of LIST_PART ids. Walking a
-- list costs one row read per id (json_each) like an index entry would, but a list is written
-- as one row per part instead of one index entry per movie: 14 orders of the whole catalogue
-- cost about 14 x 5,000 / 200 = 350 rows written, where 14 indexes on movies would cost 70,000
-- (the Free plan writes 100,000 a day). A smaller set is walked through its link table above.
--
-- discover_sets: the ranked sets, their size and their movies per release year (JSON object
-- {year: count}), from which a total with a year range is summed instead of counted.
CREATE TABLE discover_sets (
  set_key TEXT PRIMARY KEY,
  size    INTEGER NOT NULL,
  years   TEXT NOT NULL
) WITHOUT ROWID;
-- list = set_key "|" order "." direction ("g:16|popularidad.desc"); ids: JSON array of movie ids.
CREATE TABLE discover_lists (
  list TEXT NOT NULL,
  part INTEGER NOT NULL,
  ids  TEXT NOT NULL,
  PRIMARY KEY (list, part)
) WITHOUT ROWID;
