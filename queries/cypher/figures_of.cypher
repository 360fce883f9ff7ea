UNWIND $ids AS id
MATCH (n:{label} {id: id})-[:HAS_FIGURE]->(f:Figure)
WITH id, f ORDER BY f.measure
RETURN id, [x IN collect(f) | x {.*}] AS figures
