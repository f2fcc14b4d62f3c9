-- One URL is one article: each article's URL as one key (tracking parameters, fragment and host
-- case removed; computed by the pipeline), so a page filed under two sections is stored once.
-- Articles stored before this migration have no key and are not matched by URL.
ALTER TABLE articles ADD COLUMN url_key TEXT;
CREATE INDEX articles_url_key ON articles (url_key) WHERE url_key IS NOT NULL;
