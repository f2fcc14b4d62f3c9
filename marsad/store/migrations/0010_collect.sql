-- Live collection (marsad/collect): the outlets followed, their feeds and sitemaps with each one's
-- fetch state and health, the queue of article URLs to fetch, and the raw bytes of every page fetched.
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,            -- what the user added: a feed, a sitemap or a home page
    name TEXT,                           -- outlet name applied to every article collected from it
    country TEXT,
    added_at TEXT NOT NULL
);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                  -- auto (not read yet) | feed | sitemap | home (discovered from)
    etag TEXT,                           -- validators kept verbatim, replaced only on a 200
    last_modified TEXT,
    last_check TEXT,
    last_status TEXT,                    -- "200", "304", "404", or a short error word
    last_error TEXT,
    error_streak INTEGER NOT NULL DEFAULT 0,
    next_check REAL NOT NULL DEFAULT 0,  -- seconds since the epoch (a failing feed backs off, never dropped)
    interval_s REAL NOT NULL DEFAULT 0,
    first_check TEXT,
    checks INTEGER NOT NULL DEFAULT 0,
    new_items INTEGER NOT NULL DEFAULT 0, -- new article URLs this feed ever gave (health: per day)
    unconditional_due INTEGER NOT NULL DEFAULT 0  -- polls left before the next unconditional fetch
);
CREATE INDEX feeds_next ON feeds (next_check);

CREATE TABLE collect_queue (
    url_key TEXT PRIMARY KEY,            -- courlan-normalised URL: one row per article however often listed
    url TEXT NOT NULL,
    source_id INTEGER REFERENCES sources (id) ON DELETE SET NULL,
    title TEXT,
    summary TEXT,                        -- the feed's own summary (teaser check)
    published TEXT,
    state TEXT NOT NULL,                 -- queued | done | failed | alias (a canonical URL already fetched)
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before REAL NOT NULL DEFAULT 0,
    added_at TEXT NOT NULL,
    done_at TEXT,
    article_id TEXT,
    error TEXT
);
CREATE INDEX collect_queue_state ON collect_queue (state, not_before);

-- Raw bytes of each fetched page, zlib-compressed, so `marsad reprocess` re-extracts without the network.
CREATE TABLE raw_pages (
    url_key TEXT PRIMARY KEY,
    url TEXT NOT NULL,                   -- the final URL after redirects
    fetched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT,
    body BLOB NOT NULL,
    article_id TEXT
);
CREATE INDEX raw_pages_article ON raw_pages (article_id);
