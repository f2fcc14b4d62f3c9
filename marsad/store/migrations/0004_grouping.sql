-- Lookups of the grouping stages (marsad/grouping/state.py): each keyed by what a new article
-- carries, so that re-grouping after an ingest costs about the new articles.
CREATE TABLE grouping_docs (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,                   -- publication time in UTC then id: "earliest" = smallest
    day INTEGER,                         -- days since 1970-01-01, NULL when undated
    content_hash TEXT NOT NULL,
    duplicate_of TEXT,
    event TEXT,
    data TEXT NOT NULL                   -- JSON: bands, vector, index_terms, links
);
CREATE INDEX grouping_docs_hash ON grouping_docs (content_hash);

CREATE TABLE grouping_bands (             -- MinHash-LSH band keys (near-duplicate candidates)
    band INTEGER NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (band, id)
) WITHOUT ROWID;

CREATE TABLE grouping_prints (            -- winnowed fingerprints (shared-passage candidates)
    print INTEGER NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (print, id)
) WITHOUT ROWID;

CREATE TABLE grouping_terms (             -- heaviest terms per article and day (event candidates)
    term TEXT NOT NULL,
    day INTEGER,
    id TEXT NOT NULL
);
CREATE INDEX grouping_terms_term_day ON grouping_terms (term, day);

CREATE TABLE grouping_events (            -- event centres (story similarity)
    event TEXT PRIMARY KEY,
    day INTEGER,
    data TEXT NOT NULL                   -- JSON: {"vector": {...}, "terms": [...]}
);

CREATE TABLE grouping_event_terms (       -- heaviest terms per event and day (story candidates)
    term TEXT NOT NULL,
    day INTEGER NOT NULL,                -- the event's day, or 0 when undated
    event TEXT NOT NULL,
    PRIMARY KEY (term, day, event)
) WITHOUT ROWID;
CREATE INDEX grouping_event_terms_event ON grouping_event_terms (event);

CREATE TABLE grouping_story_links (
    event TEXT NOT NULL,
    other TEXT NOT NULL,
    PRIMARY KEY (event, other)
) WITHOUT ROWID;
