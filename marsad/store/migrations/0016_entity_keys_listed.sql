-- Each entity's resolver keys are also listed on its row (a JSON list), so that replacing or
-- dropping them deletes rows by entity_keys' own key (key, entity_id): the second index of the
-- table, by entity, held every row again and served those deletes only.
ALTER TABLE entities ADD COLUMN keys TEXT;
UPDATE entities SET keys = (
    SELECT json_group_array(key) FROM (SELECT key FROM entity_keys k WHERE k.entity_id = entities.id ORDER BY key)
);
DROP INDEX entity_keys_entity;
