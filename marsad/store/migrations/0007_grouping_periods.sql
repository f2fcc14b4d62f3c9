-- Grouping lookups keyed by time first (marsad/store/sqlite_grouping.py): new rows land in the last
-- pages of each index and a windowed lookup reads a few recent pages, so that writing and looking up
-- cost the same in a store of 100k articles as in one of 1k.  Keyed by (term, band, print) first, as
-- before, every insert touched a random page of a table that grows with the store.
--
-- period = floor(slot / 32) and epoch = floor(day / 512), with slot the publication day or
-- -1000000000 when undated (config.GROUPING_PERIOD_DAYS, GROUPING_STORY_PERIOD_DAYS,
-- grouping.state.UNDATED; tests/test_dedup.py checks they agree).  (x - ((x % n + n) % n)) / n is
-- the floor of x / n for negative x too.  Rows are copied in key order so each new table is built
-- packed, as a store grouped from the start would have it.
CREATE TEMP TABLE grouping_slots AS SELECT id, COALESCE(day, -1000000000) AS slot FROM grouping_docs;
CREATE INDEX temp.grouping_slots_id ON grouping_slots (id);

CREATE TABLE grouping_hashes (            -- normalised-text hashes (exact copies)
    period INTEGER NOT NULL,
    hash TEXT NOT NULL,
    id TEXT NOT NULL,
    day INTEGER NOT NULL,                -- the article's slot (publication day, or undated)
    PRIMARY KEY (period, hash, id)
) WITHOUT ROWID;
INSERT INTO grouping_hashes
SELECT (s.slot - ((s.slot % 32 + 32) % 32)) / 32, d.content_hash, d.id, s.slot
FROM grouping_docs d JOIN grouping_slots s USING (id) ORDER BY 1, 2, 3;
DROP INDEX grouping_docs_hash;

CREATE TABLE grouping_bands_new (         -- MinHash-LSH band keys (near-duplicate candidates)
    period INTEGER NOT NULL,
    band INTEGER NOT NULL,
    id TEXT NOT NULL,
    day INTEGER NOT NULL,
    PRIMARY KEY (period, band, id)
) WITHOUT ROWID;
INSERT INTO grouping_bands_new
SELECT (s.slot - ((s.slot % 32 + 32) % 32)) / 32, b.band, b.id, s.slot
FROM grouping_bands b JOIN grouping_slots s USING (id) ORDER BY 1, 2, 3;
DROP TABLE grouping_bands;
ALTER TABLE grouping_bands_new RENAME TO grouping_bands;

CREATE TABLE grouping_prints_new (        -- winnowed fingerprints (shared-passage candidates)
    period INTEGER NOT NULL,
    print INTEGER NOT NULL,
    id TEXT NOT NULL,
    day INTEGER NOT NULL,
    PRIMARY KEY (period, print, id)
) WITHOUT ROWID;
INSERT INTO grouping_prints_new
SELECT (s.slot - ((s.slot % 32 + 32) % 32)) / 32, p.print, p.id, s.slot
FROM grouping_prints p JOIN grouping_slots s USING (id) ORDER BY 1, 2, 3;
DROP TABLE grouping_prints;
ALTER TABLE grouping_prints_new RENAME TO grouping_prints;

CREATE TABLE grouping_terms_new (         -- heaviest terms per article (event candidates)
    day INTEGER NOT NULL,                -- the article's slot
    term TEXT NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (day, term, id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO grouping_terms_new SELECT COALESCE(day, -1000000000), term, id FROM grouping_terms ORDER BY 1, 2, 3;
DROP TABLE grouping_terms;
ALTER TABLE grouping_terms_new RENAME TO grouping_terms;

CREATE TABLE grouping_event_terms_new (   -- heaviest terms per event (story candidates)
    epoch INTEGER NOT NULL,
    term TEXT NOT NULL,
    day INTEGER NOT NULL,                -- the event's day, or 0 when undated
    event TEXT NOT NULL,
    PRIMARY KEY (epoch, term, day, event)
) WITHOUT ROWID;
INSERT INTO grouping_event_terms_new
SELECT (day - ((day % 512 + 512) % 512)) / 512, term, day, event FROM grouping_event_terms ORDER BY 1, 2, 3, 4;
DROP TABLE grouping_event_terms;
ALTER TABLE grouping_event_terms_new RENAME TO grouping_event_terms;

DROP TABLE temp.grouping_slots;
