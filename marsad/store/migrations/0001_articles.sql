-- Articles, events, stories and entities, each kept whole as the JSON of SPEC.md,
-- with the columns the queries filter and sort on pulled out and indexed.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,                -- order of arrival: the tie-breaker for "newest first"
    content_hash TEXT NOT NULL,
    published TEXT,
    source_name TEXT,
    source_country TEXT,
    category TEXT,
    event TEXT,
    story TEXT,
    duplicate_of TEXT,
    ingested_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_seq ON articles (seq);
CREATE INDEX articles_hash ON articles (content_hash);
CREATE INDEX articles_event ON articles (event);
CREATE INDEX articles_story ON articles (story);
CREATE INDEX articles_source ON articles (source_name);

CREATE TABLE article_entities (
    article_id TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (entity_id, article_id)
) WITHOUT ROWID;

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    story TEXT,
    date TEXT,
    size INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_date ON events (date);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    last_date TEXT,
    size INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX stories_last ON stories (last_date);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX entities_mentions ON entities (mentions);
