-- The band keys and fingerprints of an article (about 85 rows) no longer repeat its day: lookups
-- read it from grouping_docs, which they join anyway to answer with ids.  The period stays in
-- the key, so a lookup still reads the recent pages of each index only.  articles_hash indexed a
-- column no query filters on (exact copies are found in grouping_hashes).
CREATE TABLE grouping_bands_new (         -- MinHash-LSH band keys (near-duplicate candidates)
    period INTEGER NOT NULL,
    band INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (period, band, doc)
) WITHOUT ROWID;
INSERT INTO grouping_bands_new SELECT period, band, doc FROM grouping_bands ORDER BY 1, 2, 3;
DROP TABLE grouping_bands;
ALTER TABLE grouping_bands_new RENAME TO grouping_bands;

CREATE TABLE grouping_prints_new (        -- winnowed fingerprints (shared-passage candidates)
    period INTEGER NOT NULL,
    print INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (period, print, doc)
) WITHOUT ROWID;
INSERT INTO grouping_prints_new SELECT period, print, doc FROM grouping_prints ORDER BY 1, 2, 3;
DROP TABLE grouping_prints;
ALTER TABLE grouping_prints_new RENAME TO grouping_prints;

DROP INDEX IF EXISTS articles_hash;
