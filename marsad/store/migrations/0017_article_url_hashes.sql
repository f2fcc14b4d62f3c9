-- An article's URL key (migration 0011) is found by a 64-bit hash of it (url_hash(), a function
-- the store registers on its connections) instead of the key itself: the key was 100-200 bytes
-- (percent-encoded Arabic) held twice, in the row and in its index, and only ever looked up.  The
-- key is the article's URL, normalised (marsad.collect.urls.article_url_key), so nothing is lost.
ALTER TABLE articles ADD COLUMN url_hash INTEGER;
UPDATE articles SET url_hash = url_hash(url_key), url_key = NULL WHERE url_key IS NOT NULL;
DROP INDEX articles_url_key;
CREATE INDEX articles_url_hash ON articles (url_hash) WHERE url_hash IS NOT NULL;
