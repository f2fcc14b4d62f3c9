-- One URL is one article, as SQLite's 0011_article_urls.sql: each article's URL as one key.
ALTER TABLE articles ADD COLUMN url_key TEXT COLLATE "C";
CREATE INDEX articles_url_key ON articles (url_key) WHERE url_key IS NOT NULL;
