-- Each outlet's stored articles and copies, kept as articles are written (marsad/store/postgres.py,
-- put_articles): scoring asks them for the outlets of every batch (outlet_stats), and counting the
-- outlet's rows each time grew with the store.
CREATE TABLE outlet_counts (
    outlet TEXT COLLATE "C" PRIMARY KEY,
    articles INTEGER NOT NULL,
    copies INTEGER NOT NULL
);
INSERT INTO outlet_counts SELECT source_name, COUNT(*), COUNT(duplicate_of) FROM articles
WHERE source_name IS NOT NULL GROUP BY source_name;
