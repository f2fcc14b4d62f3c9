-- Entities that a later batch showed to be another one (``Store.merge_entities``), as SQLite's
-- 0012_entity_redirects.sql: the old id answers with the entity it joined.
CREATE TABLE entity_redirects (old_id TEXT COLLATE "C" PRIMARY KEY, new_id TEXT COLLATE "C" NOT NULL);
CREATE INDEX entity_redirects_new ON entity_redirects (new_id);
