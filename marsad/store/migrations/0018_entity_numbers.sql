-- Entity-article links and resolver keys name an entity by a number and an article by its seq
-- (its order of arrival, which never changes) instead of their ids: the links were about ten rows
-- an article, each holding an article id (20-40 bytes) and an entity id (16) twice over (the
-- table and its index by article), and the keys about twenty rows an article.  entity_numbers
-- gives each entity id that is linked or keyed its number (entities need not be stored to be
-- linked: the store contract allows it); lookups join it to answer with ids.
CREATE TABLE entity_numbers (
    num INTEGER PRIMARY KEY,             -- the entity's number in article_entities and entity_keys
    id TEXT NOT NULL UNIQUE
);
INSERT INTO entity_numbers (id)
SELECT entity_id FROM article_entities UNION SELECT entity_id FROM entity_keys ORDER BY 1;

CREATE TABLE article_entities_new (
    entity INTEGER NOT NULL,             -- entity_numbers.num
    article INTEGER NOT NULL,            -- articles.seq
    PRIMARY KEY (entity, article)
) WITHOUT ROWID;
INSERT INTO article_entities_new
SELECT n.num, a.seq FROM article_entities l JOIN entity_numbers n ON n.id = l.entity_id
JOIN articles a ON a.id = l.article_id ORDER BY 1, 2;
DROP TABLE article_entities;
ALTER TABLE article_entities_new RENAME TO article_entities;
CREATE INDEX article_entities_article ON article_entities (article);

CREATE TABLE entity_keys_new (
    key TEXT NOT NULL,
    entity INTEGER NOT NULL,             -- entity_numbers.num
    PRIMARY KEY (key, entity)
) WITHOUT ROWID;
INSERT INTO entity_keys_new
SELECT k.key, n.num FROM entity_keys k JOIN entity_numbers n ON n.id = k.entity_id ORDER BY 1, 2;
DROP TABLE entity_keys;
ALTER TABLE entity_keys_new RENAME TO entity_keys;
