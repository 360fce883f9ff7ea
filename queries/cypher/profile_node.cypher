// Entities of one label with their figures, by id ($ids: one entity, or the hubs kept in bulk).
UNWIND $ids AS id
MATCH (n:{label} {id: id})
OPTIONAL MATCH (n)-[:HAS_FIGURE]->(f:Figure)
WITH n, f ORDER BY f.measure
RETURN n.id AS id, n {.*} AS node, [x IN collect(f) | x {.*}] AS figures
