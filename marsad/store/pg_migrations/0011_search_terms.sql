-- Each term's number of postings (the articles that hold it: BM25's document frequency), kept as
-- postings come and go, so that a query reads its terms' idf from one row each instead of counting
-- their postings (a common word has tens of thousands of them in a store of 100k articles).
CREATE TABLE search_terms (
    term TEXT COLLATE "C" PRIMARY KEY,
    postings INTEGER NOT NULL
);
INSERT INTO search_terms SELECT term, COUNT(*) FROM search_postings GROUP BY term;
