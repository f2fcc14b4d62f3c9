-- Article rows are written compressed (marsad.store.base.packed_json: zlib over the JSON, a third
-- of the room); rows written before stay JSON text and are read as they are.  The two scores that
-- SQL reads (a group's profile) get columns of their own, since SQL cannot look inside a
-- compressed row.  Grouping documents and event centres are compressed the same way.
ALTER TABLE articles ADD COLUMN credibility INTEGER;
ALTER TABLE articles ADD COLUMN importance INTEGER;
UPDATE articles SET credibility = json_extract(data, '$.credibility.score'),
                    importance = json_extract(data, '$.importance.score');
