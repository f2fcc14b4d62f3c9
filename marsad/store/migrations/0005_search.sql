-- Full-text search (marsad/search.py, marsad/store/sqlite_search.py) and the per-article facts that
-- the keyword cloud and the citation graph aggregate over a time window.
--
-- article_search holds the index only (content=''): its columns are the normalised, clitic-stripped
-- words that marsad.search.index_columns derives from the article, so the store does not keep a
-- second copy of every text.  Its rowid is search_docs.rowid.  A contentless FTS5 table cannot
-- forget a row without being told its old words, so an article whose text changes gets a fresh
-- rowid (AUTOINCREMENT never reuses one) and its old postings are left unreachable: every query
-- joins the live rows of search_docs.  SearchTables.reindex_search() rebuilds the whole index.
CREATE VIRTUAL TABLE article_search USING fts5(
    title, body, stems,
    tokenize = 'ascii',                  -- words are already normalised and space-separated
    content = ''
);

CREATE TABLE search_docs (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,   -- the article's row in article_search
    article_id TEXT NOT NULL UNIQUE,
    indexed_hash TEXT NOT NULL,          -- content hash of the text that was indexed
    day INTEGER,                         -- publication day, days since 1970-01-01; NULL when undated
    outlet TEXT,
    is_copy INTEGER NOT NULL DEFAULT 0,  -- duplicate_of is set
    keywords TEXT NOT NULL DEFAULT '[]', -- JSON list, as on the article
    cites TEXT NOT NULL DEFAULT '[]'     -- JSON [[to, kind], ...]: the article's attributions
);
CREATE INDEX search_docs_day ON search_docs (day);

-- Related entities (entity page) join article_entities on the article, and an article page lists
-- the copies of an article: both need an index the base schema does not have.
CREATE INDEX article_entities_article ON article_entities (article_id);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
