-- Country and category of each indexed article, so that a search filtered on them reads
-- search_docs only: joining the articles table for every match cost up to 10x the search
-- itself on common words (bench/search.py).
ALTER TABLE search_docs ADD COLUMN country TEXT;
ALTER TABLE search_docs ADD COLUMN category TEXT;
UPDATE search_docs SET
    country = (SELECT source_country FROM articles WHERE articles.id = search_docs.article_id),
    category = (SELECT category FROM articles WHERE articles.id = search_docs.article_id);
