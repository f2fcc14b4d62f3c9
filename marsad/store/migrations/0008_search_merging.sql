-- FTS5 merges index segments as they accumulate; with the default automerge (4) a store that
-- grows to 100k articles spends more time merging than inserting.  Merging only once 8 segments
-- of a level exist halves that work; a query reads at most a few more segments, which
-- bench/search.py shows as no change in p95 latency.
INSERT INTO article_search (article_search, rank) VALUES ('automerge', 8);
