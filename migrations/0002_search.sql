-- Search index (issue 7): the names of movies, directors, franchises, production companies,
-- languages and countries, for /buscar and for the suggestions of every 404.
--
-- Both tables hold the same entries, written by the ETL (etl/build/search.ts): rowid = kind *
-- 2^40 + entity id (src/shared/search.ts), so a reseed diffs them row by row like any other
-- table (DELETE by rowid, INSERT or INSERT OR REPLACE: FTS5 keeps its index in step), and a kind
-- is a rowid range that FTS5 applies inside its scan. `name` is what the API shows; `aliases`
-- lists other spellings (languages and countries only, " | " between).
--
-- Every query ranks inside FTS5 (`ORDER BY rank LIMIT n`, with no other ORDER BY term and no
-- filter outside the MATCH and the rowid range): D1 counts the rows a statement steps, and then
-- it steps only the n it returns (src/db/search.ts, src/db/suggestions.ts).
--
-- search_words: words, accent- and case-insensitive, with prefix indexes for 2- and 3-character
-- prefixes ("toy sto" -> "toy"* "sto"*), ranked by bm25. The UNINDEXED columns are what a
-- /buscar result shows and sorts by, so a search reads no other table: name_key (an exact name
-- comes first), popularity (a movie's votes; a director's, franchise's or company's number of
-- movies), and for movies year and genres (JSON array of names). UNINDEXED columns hold no
-- tokens, so they change neither the index nor bm25.
CREATE VIRTUAL TABLE search_words USING fts5(
  name, aliases,
  name_key UNINDEXED, popularity UNINDEXED, year UNINDEXED, genres UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

-- search_trigrams: character trigrams, for typos ("toy stroy" shares most trigrams with
-- "toy story"). Its text has a space added at each end, so first and last letters make
-- trigrams too. Queries are ORs of single trigrams, so positions are not needed: detail=none
-- keeps the index small.
CREATE VIRTUAL TABLE search_trigrams USING fts5(
  name, aliases,
  tokenize = 'trigram remove_diacritics 1',
  detail = 'none'
);
