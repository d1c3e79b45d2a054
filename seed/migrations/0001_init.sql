-- Schema of the movie catalogue. Hand-written (this folder is the only committed part of
-- seed/): the ETL's SQL writer and the Worker's queries are both written against it.
-- *_key columns hold normalizeName() of the display name (src/shared/normalize.ts), so every
-- lookup by name is an index seek. Aggregates the routes answer with are precomputed by the
-- ETL, because the catalogue only changes when a new seed is loaded.

-- The dataset being served: version, build time, movie count and the recommendation shard map
-- (src/shared/dataset-meta.ts). Switched with the rest of the data in one transaction.
CREATE TABLE dataset_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE collections (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  name_key      TEXT NOT NULL,
  movie_count   INTEGER NOT NULL,
  revenue_total REAL NOT NULL
);
CREATE INDEX collections_by_key ON collections (name_key, movie_count DESC);

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
  collection_id     INTEGER REFERENCES collections (id)
);
-- Title routes: every movie with that title, most-voted first (the primary), then lowest id.
CREATE INDEX movies_by_title ON movies (title_key, vote_count DESC, id);
CREATE INDEX movies_by_collection ON movies (collection_id);

CREATE TABLE genres (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL,
  name_key TEXT NOT NULL
);
CREATE TABLE movie_genres (
  movie_id INTEGER NOT NULL REFERENCES movies (id),
  genre_id INTEGER NOT NULL REFERENCES genres (id),
  ord      INTEGER NOT NULL,
  PRIMARY KEY (movie_id, genre_id)
) WITHOUT ROWID;
CREATE INDEX movie_genres_by_genre ON movie_genres (genre_id, movie_id);

-- movie_count / revenue_total count each movie once across every company row that shares the
-- name_key (the route answers by name, and the dataset repeats some names under several ids).
CREATE TABLE companies (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  name_key      TEXT NOT NULL,
  movie_count   INTEGER NOT NULL,
  revenue_total REAL NOT NULL
);
CREATE INDEX companies_by_key ON companies (name_key, movie_count DESC);
CREATE TABLE movie_companies (
  movie_id   INTEGER NOT NULL REFERENCES movies (id),
  company_id INTEGER NOT NULL REFERENCES companies (id),
  ord        INTEGER NOT NULL,
  PRIMARY KEY (movie_id, company_id)
) WITHOUT ROWID;
CREATE INDEX movie_companies_by_company ON movie_companies (company_id, movie_id);

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
  movie_id     INTEGER NOT NULL REFERENCES movies (id),
  country_code TEXT NOT NULL REFERENCES countries (code),
  ord          INTEGER NOT NULL,
  PRIMARY KEY (movie_id, country_code)
) WITHOUT ROWID;
CREATE INDEX movie_countries_by_country ON movie_countries (country_code, movie_id);

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
CREATE TABLE movie_languages (
  movie_id      INTEGER NOT NULL REFERENCES movies (id),
  language_code TEXT NOT NULL REFERENCES languages (code),
  ord           INTEGER NOT NULL,
  PRIMARY KEY (movie_id, language_code)
) WITHOUT ROWID;
CREATE INDEX movie_languages_by_language ON movie_languages (language_code, ord, movie_id);

-- One row per director name (the route answers by name; the dataset gives one person two ids).
CREATE TABLE directors (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL UNIQUE,
  movie_count  INTEGER NOT NULL,
  return_total REAL NOT NULL
);
CREATE TABLE movie_directors (
  movie_id    INTEGER NOT NULL REFERENCES movies (id),
  director_id INTEGER NOT NULL REFERENCES directors (id),
  ord         INTEGER NOT NULL,
  PRIMARY KEY (movie_id, director_id)
) WITHOUT ROWID;
CREATE INDEX movie_directors_by_director ON movie_directors (director_id, movie_id);
