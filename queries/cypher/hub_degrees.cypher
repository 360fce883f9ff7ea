// The relationships of each entity of $ids that exists (counted as hub_ids.cypher counts them).
UNWIND $ids AS id
MATCH (n:{label} {id: id})
OPTIONAL MATCH (n)-[r]-()
RETURN n.id AS id, count(r) AS degree
