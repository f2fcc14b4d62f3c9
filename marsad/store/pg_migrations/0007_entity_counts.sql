-- How many stored articles name each entity, kept as the links change (marsad/store/postgres.py,
-- put_articles): the resolver asks it for every entity a batch meets, and counting each one's links
-- made that ask grow with the store (a frequent name is linked to thousands of articles).
CREATE TABLE entity_article_counts (
    entity_id TEXT COLLATE "C" PRIMARY KEY,
    articles INTEGER NOT NULL
);
INSERT INTO entity_article_counts SELECT entity_id, COUNT(*) FROM article_entities GROUP BY entity_id;
