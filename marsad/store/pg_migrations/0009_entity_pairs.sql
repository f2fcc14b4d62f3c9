-- How many stored articles name both of two entities, kept as the links change (marsad/store/
-- postgres.py, _link_entities and merge_entities): the resolver asks whether two entities were ever
-- named together (entities_named_with) for the candidates of every batch, and answering from the
-- links read every article of each candidate, which grew with the store (98 of a batch's 233 ms per
-- article at 100k stored against 16 at 1.7k).  Both orders of a pair are kept, so that one entity's
-- pairs are one index range.
CREATE TABLE entity_pairs (
    entity_id TEXT COLLATE "C" NOT NULL,
    other TEXT COLLATE "C" NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (entity_id, other)
);
INSERT INTO entity_pairs
SELECT a.entity_id, b.entity_id, COUNT(*) FROM article_entities a
JOIN article_entities b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id
GROUP BY a.entity_id, b.entity_id;
