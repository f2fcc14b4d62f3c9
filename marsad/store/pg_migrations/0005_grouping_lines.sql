-- Outlet boilerplate (marsad/grouping/boilerplate.py), as SQLite's 0013_grouping_lines.sql: which
-- articles of an outlet carry a short line, per period; at most GROUPING_BOILERPLATE_CARRIERS rows a line.
CREATE TABLE grouping_lines (
    period INTEGER NOT NULL, outlet TEXT COLLATE "C" NOT NULL, line BIGINT NOT NULL, id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (period, outlet, line, id)
);
