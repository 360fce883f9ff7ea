// The relationships of a network projection: every one of the given types whose two ends
// both carry a label in $labels, one row per relationship (the caller folds them into pairs).
MATCH (a)-[r:{rels}]->(b)
WHERE labels(a)[0] IN $labels AND labels(b)[0] IN $labels
RETURN a.id AS source, b.id AS target, type(r) AS type
