// Every relationship from a {label} node with id in $ids to a node with id in $keep, with its
// properties: the relationships inside a partial RDF export, each found once from its start.
UNWIND $ids AS id
MATCH (a:{label} {id: id})-[r:{rels}]->(b)
WHERE b.id IN $keep
RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props
