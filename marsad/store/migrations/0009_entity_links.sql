-- An entity's articles are its rows in article_entities (indexed both ways), no longer also a
-- JSON list in the entity's row: that list grew with every article naming the entity (a country
-- named by 3,000 articles was a 90 KB row, read and rewritten by every batch that named it).
-- Readers that show an entity with its articles (SPEC.md "entity") read them from the links.
UPDATE entities SET data = json_remove(data, '$.articles');
