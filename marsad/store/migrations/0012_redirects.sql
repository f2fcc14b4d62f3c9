-- Where an event or story id that no longer exists went: the group that took most of its articles
-- (a merge, a split, or an earlier report that renamed the group).  Pages and the API answer an old
-- id with a redirect to the new one, so links keep working.
CREATE TABLE redirects (
    kind TEXT NOT NULL,                  -- event | story
    old_id TEXT NOT NULL,
    new_id TEXT NOT NULL,
    PRIMARY KEY (kind, old_id)
);
CREATE INDEX redirects_new ON redirects (kind, new_id);
