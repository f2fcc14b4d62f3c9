-- Outlet boilerplate (marsad/grouping/boilerplate.py): which articles of an outlet carry a short
-- line (or a line's head before a colon), counted per period (config.GROUPING_PERIOD_DAYS) as the
-- other grouping lookups are keyed.  A line's carriers are kept only until it is boilerplate
-- (config.GROUPING_BOILERPLATE_CARRIERS of them), so a line holds at most that many rows.
CREATE TABLE grouping_lines (
    period INTEGER NOT NULL,
    outlet TEXT NOT NULL,
    line INTEGER NOT NULL,               -- boilerplate.units(): hash of the normalised words
    id TEXT NOT NULL,
    PRIMARY KEY (period, outlet, line, id)
) WITHOUT ROWID;
