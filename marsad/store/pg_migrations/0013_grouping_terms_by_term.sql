-- Grouping's term lookup (docs_with_terms: the articles of a few days indexed under one term) read
-- every entry of those days and kept the term's, since the key began with the day: each lookup cost
-- the number of terms filed in the window, which grows with the articles a day holds (and a batch
-- makes about a dozen per article, more when merged entities make grouping read stored articles
-- again).  Keyed by term first, a lookup reads that term's entries of those days only.
ALTER TABLE grouping_terms DROP CONSTRAINT grouping_terms_pkey;
ALTER TABLE grouping_terms ADD PRIMARY KEY (term, day, id);
