// Every relationship from a {label} node with id in $ids to a node with id in $keep: each
// relationship between kept nodes is found once, from its start node.
UNWIND $ids AS id
MATCH (a:{label} {id: id})-[r:{rels}]->(b)
WHERE b.id IN $keep
RETURN a.id AS start, b.id AS end, type(r) AS type, r.sources AS sources
