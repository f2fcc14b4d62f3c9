-- The PostgreSQL store (marsad/store/postgres.py): the layout SQLite reaches after its migrations
-- 0001-0009, in one step.  Records are kept whole as the JSON of SPEC.md (text columns, read by
-- orjson), with the columns the queries filter and sort on pulled out and indexed.  Text sorts by
-- code point (COLLATE "C"), as in SQLite, so both stores list and break ties in the same order.
CREATE TABLE articles (
    id TEXT COLLATE "C" PRIMARY KEY,
    seq BIGINT GENERATED ALWAYS AS IDENTITY, -- order of arrival: the tie-breaker for "newest first"
    content_hash TEXT COLLATE "C" NOT NULL,
    published TEXT COLLATE "C",
    source_name TEXT COLLATE "C",
    source_country TEXT COLLATE "C",
    category TEXT COLLATE "C",
    event TEXT COLLATE "C",
    story TEXT COLLATE "C",
    duplicate_of TEXT COLLATE "C",
    ingested_at TEXT COLLATE "C" NOT NULL,
    data TEXT COLLATE "C" NOT NULL
);
CREATE INDEX articles_published ON articles (published DESC NULLS LAST, seq DESC);
CREATE INDEX articles_seq ON articles (seq);
CREATE INDEX articles_event ON articles (event);
CREATE INDEX articles_story ON articles (story);
CREATE INDEX articles_source ON articles (source_name);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);

CREATE TABLE article_entities (
    article_id TEXT COLLATE "C" NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (entity_id, article_id)
);
CREATE INDEX article_entities_article ON article_entities (article_id);

CREATE TABLE events (id TEXT COLLATE "C" PRIMARY KEY, story TEXT COLLATE "C", date TEXT COLLATE "C", size INTEGER NOT NULL, data TEXT COLLATE "C" NOT NULL);
CREATE INDEX events_date ON events (date);
CREATE INDEX events_story ON events (story);

CREATE TABLE stories (id TEXT COLLATE "C" PRIMARY KEY, last_date TEXT COLLATE "C", size INTEGER NOT NULL, data TEXT COLLATE "C" NOT NULL);
CREATE INDEX stories_last ON stories (last_date);

CREATE TABLE entities (id TEXT COLLATE "C" PRIMARY KEY, type TEXT COLLATE "C" NOT NULL, mentions INTEGER NOT NULL, data TEXT COLLATE "C" NOT NULL);
CREATE INDEX entities_mentions ON entities (mentions DESC, id);

-- The resolver's keys (marsad.entities.keys), indexed both ways; the version of the key rules.
CREATE TABLE entity_keys (key TEXT COLLATE "C" NOT NULL, entity_id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (key, entity_id));
CREATE INDEX entity_keys_entity ON entity_keys (entity_id);
CREATE TABLE entity_keys_version (version TEXT COLLATE "C" NOT NULL);

-- Search: one row per article, its facts and the forms marsad.search computes, on the 'simple'
-- configuration, which splits on spaces and stems nothing: the words arrive normalised and
-- clitic-stripped.  Two tsvectors, as SQLite's index has its columns: the title's and body's bases
-- (weights A and B) and the other stems, so that the GIN indexes answer "which articles hold this
-- word in the title or body" and "... as a stem" without reading the articles (BM25 needs both
-- counts, and a weight-restricted query would make PostgreSQL read every match).
CREATE TABLE search_docs (
    article_id TEXT COLLATE "C" PRIMARY KEY,
    indexed_hash TEXT COLLATE "C" NOT NULL,
    day INTEGER,
    outlet TEXT COLLATE "C",
    country TEXT COLLATE "C",
    category TEXT COLLATE "C",
    is_copy INTEGER NOT NULL DEFAULT 0,
    keywords TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    cites TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    bases TSVECTOR NOT NULL,             -- title (A) and body (B)
    stems TSVECTOR NOT NULL,
    length INTEGER NOT NULL              -- words in the three columns (BM25's document length)
);
CREATE INDEX search_docs_bases ON search_docs USING GIN (bases);
CREATE INDEX search_docs_stems ON search_docs USING GIN (stems);
CREATE INDEX search_docs_day ON search_docs (day);
-- BM25's document count and total length (marsad/store/postgres.py keeps them as rows change).
CREATE TABLE search_stats (docs BIGINT NOT NULL, words BIGINT NOT NULL);
INSERT INTO search_stats VALUES (0, 0);

-- Grouping lookups (marsad/grouping/state.py), keyed by time period first as in SQLite's 0007.
CREATE TABLE grouping_docs (
    id TEXT COLLATE "C" PRIMARY KEY,
    key TEXT COLLATE "C" NOT NULL,
    day INTEGER,
    content_hash TEXT COLLATE "C" NOT NULL,
    duplicate_of TEXT COLLATE "C",
    event TEXT COLLATE "C",
    data TEXT COLLATE "C" NOT NULL
);
CREATE TABLE grouping_hashes (
    period INTEGER NOT NULL, hash TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL,
    PRIMARY KEY (period, hash, id)
);
CREATE TABLE grouping_bands (
    period INTEGER NOT NULL, band BIGINT NOT NULL, id TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL,
    PRIMARY KEY (period, band, id)
);
CREATE TABLE grouping_prints (
    period INTEGER NOT NULL, print BIGINT NOT NULL, id TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL,
    PRIMARY KEY (period, print, id)
);
CREATE TABLE grouping_terms (day INTEGER NOT NULL, term TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, PRIMARY KEY (day, term, id));
CREATE TABLE grouping_events (event TEXT COLLATE "C" PRIMARY KEY, day INTEGER, data TEXT COLLATE "C" NOT NULL);
CREATE TABLE grouping_event_terms (
    epoch INTEGER NOT NULL, term TEXT COLLATE "C" NOT NULL, day INTEGER NOT NULL, event TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (epoch, term, day, event)
);
CREATE INDEX grouping_event_terms_event ON grouping_event_terms (event);
CREATE TABLE grouping_story_links (event TEXT COLLATE "C" NOT NULL, other TEXT COLLATE "C" NOT NULL, PRIMARY KEY (event, other));
