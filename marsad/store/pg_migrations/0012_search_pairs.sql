-- Quoted phrases from the pairs of words that stand side by side: one row per (pair, article) for
-- every two lexemes of an article's title and body bases (search_docs.bases) at consecutive
-- positions, the pair written 'first second'.  A two-word phrase is then one index range; a longer
-- one the articles holding all its pairs, whose positions are still checked.  Checking positions
-- alone read each candidate article's whole tsvector: about 0.1 ms an article, 150-200 ms for a
-- phrase of two common words in a store of 50k articles.  Filled article by article (each one's
-- positions paired among themselves), the key made after.
CREATE TABLE search_pairs (
    pair TEXT COLLATE "C" NOT NULL,
    doc INTEGER NOT NULL
);
INSERT INTO search_pairs
    SELECT pairs.pair, d.doc FROM search_docs d CROSS JOIN LATERAL (
        SELECT DISTINCT a.lexeme || ' ' || b.lexeme AS pair
        FROM (SELECT u.lexeme, p FROM unnest(d.bases) u, unnest(u.positions) p) a
        JOIN (SELECT u.lexeme, p FROM unnest(d.bases) u, unnest(u.positions) p) b ON b.p = a.p + 1
    ) pairs;
ALTER TABLE search_pairs ADD PRIMARY KEY (pair, doc);
