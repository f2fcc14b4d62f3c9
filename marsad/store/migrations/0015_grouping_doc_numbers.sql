-- Grouping lookups name an article by a number instead of its id (a text of 20-40 bytes): the
-- band keys, fingerprints and index terms of an article are ~100 rows, and the id was most of
-- each row.  The number is grouping_docs.doc, an explicit INTEGER PRIMARY KEY so that VACUUM keeps
-- it (a plain rowid may be renumbered); lookups join grouping_docs to answer with ids.  Existing
-- rows keep their number (their rowid) and are copied in key order, so each table is built packed.
CREATE TABLE grouping_docs_new (
    doc INTEGER PRIMARY KEY,             -- the article's number in the lookup tables below
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL,                   -- publication time in UTC then id: "earliest" = smallest
    day INTEGER,                         -- days since 1970-01-01, NULL when undated
    content_hash TEXT NOT NULL,
    duplicate_of TEXT,
    event TEXT,
    data BLOB NOT NULL                   -- packed JSON: bands, vector, index_terms, links, lead
);
INSERT INTO grouping_docs_new (doc, id, key, day, content_hash, duplicate_of, event, data)
SELECT rowid, id, key, day, content_hash, duplicate_of, event, data FROM grouping_docs ORDER BY rowid;
DROP TABLE grouping_docs;
ALTER TABLE grouping_docs_new RENAME TO grouping_docs;

CREATE TABLE grouping_bands_new (         -- MinHash-LSH band keys (near-duplicate candidates)
    period INTEGER NOT NULL,
    band INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    day INTEGER NOT NULL,
    PRIMARY KEY (period, band, doc)
) WITHOUT ROWID;
INSERT INTO grouping_bands_new
SELECT b.period, b.band, d.doc, b.day FROM grouping_bands b JOIN grouping_docs d ON d.id = b.id ORDER BY 1, 2, 3;
DROP TABLE grouping_bands;
ALTER TABLE grouping_bands_new RENAME TO grouping_bands;

CREATE TABLE grouping_prints_new (        -- winnowed fingerprints (shared-passage candidates)
    period INTEGER NOT NULL,
    print INTEGER NOT NULL,
    doc INTEGER NOT NULL,
    day INTEGER NOT NULL,
    PRIMARY KEY (period, print, doc)
) WITHOUT ROWID;
INSERT INTO grouping_prints_new
SELECT p.period, p.print, d.doc, p.day FROM grouping_prints p JOIN grouping_docs d ON d.id = p.id ORDER BY 1, 2, 3;
DROP TABLE grouping_prints;
ALTER TABLE grouping_prints_new RENAME TO grouping_prints;

CREATE TABLE grouping_terms_new (         -- heaviest terms per article (event candidates)
    day INTEGER NOT NULL,                -- the article's slot
    term TEXT NOT NULL,
    doc INTEGER NOT NULL,
    PRIMARY KEY (day, term, doc)
) WITHOUT ROWID;
INSERT INTO grouping_terms_new
SELECT t.day, t.term, d.doc FROM grouping_terms t JOIN grouping_docs d ON d.id = t.id ORDER BY 1, 2, 3;
DROP TABLE grouping_terms;
ALTER TABLE grouping_terms_new RENAME TO grouping_terms;
