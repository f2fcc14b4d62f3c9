-- The keys the entity resolver finds stored entities by (entities.keys.entity_keys: name
-- blocks, name words, given names, gazetteer places), so that a batch reads only the entities
-- its names could join instead of every stored entity.  put_entities keeps them; they are
-- rebuilt whenever the key rules change (entity_keys_version differs from the resolver's).
CREATE TABLE entity_keys (
    key TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (key, entity_id)
) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);

CREATE TABLE entity_keys_version (version TEXT NOT NULL);
