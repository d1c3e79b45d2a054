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

CREATE TABLE genres (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  name_key TEXT NOT NULL
);
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
