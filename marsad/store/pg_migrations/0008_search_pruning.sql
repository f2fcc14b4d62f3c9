-- Pruned top-k ranking (PostgresStore._ranked_ids): a query whose words are common ranks the
-- postings read best first instead of every match.  Two orders of each term's postings serve it:
-- by impact, a bound on BM25's term frequency part (weight / (1 - b + b * length / 256), b = 0.75;
-- the reference length 256 is fixed, the store's mean length enters the bound at query time), and
-- by day, newest first (the recency boost).  A posting beyond the first n of both orders of its
-- term can score no more than what the n-th ones bound, so the ranking stops once the page's last
-- article beats that bound.
ALTER TABLE search_postings
    ADD COLUMN impact REAL GENERATED ALWAYS AS (weight / (0.25::real + 0.75::real * length::real / 256::real)) STORED;
CREATE INDEX search_postings_by_impact ON search_postings (term, impact DESC) INCLUDE (doc);
CREATE INDEX search_postings_by_day ON search_postings (term, day DESC NULLS LAST) INCLUDE (doc);
