-- 036_search_terms.sql: every term of the word search indexes, for the SQLite backend's query
-- writer (store_sqlite.c, prefix_terms): a query word is written as the OR of the indexed terms
-- it begins, which FTS5 reads lazily newest first, instead of a prefix term, for which FTS5
-- merges the whole document list of every matching term ("ung*" over millions of donations)
-- before it returns a row. store_search_add adds the terms of each new row.
CREATE TABLE search_term (term TEXT PRIMARY KEY) WITHOUT ROWID;
-- the terms already indexed, read once through an fts5vocab view of the index
CREATE VIRTUAL TABLE temp.donation_search_vocab USING fts5vocab(main, donation_search, 'row');
INSERT INTO search_term(term) SELECT term FROM temp.donation_search_vocab;
DROP TABLE temp.donation_search_vocab;
