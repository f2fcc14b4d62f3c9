-- Entities that a later batch showed to be another one (``Store.merge_entities``): the old id
-- answers with the entity it joined, so links and pages made before the merge still lead there.
CREATE TABLE IF NOT EXISTS entity_redirects (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entity_redirects_new ON entity_redirects (new_id);
