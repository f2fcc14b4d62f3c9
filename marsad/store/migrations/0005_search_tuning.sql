-- FTS5 keeps up to 16 MB of new postings in memory before writing them out as a segment
-- (default 1 MB): a batch of 1,000 articles becomes one segment instead of many, so far less
-- merging while indexing.  Indexing on a 100k-article store ran about 2x faster; the query-time
-- segment count is unchanged (automerge stays at its default).  bench/search.py measures both.
INSERT INTO article_search (article_search, rank) VALUES ('hashsize', 16777216);
