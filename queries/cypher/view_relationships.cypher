// Every relationship of the types {rels} from a {label} node with id in $ids to a node with id
// in $keep, with its properties: each relationship among the drawn nodes is found once, from its
// start, and parallel relationships each give a row.
UNWIND $ids AS id
MATCH (a:{label} {id: id})-[r:{rels}]->(b)
WHERE b.id IN $keep
RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS properties
