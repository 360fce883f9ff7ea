MATCH (n:{label} {id: $id})
OPTIONAL MATCH (n)-[:HAS_FIGURE]->(f:Figure)
WITH n, f ORDER BY f.measure
RETURN n {.*} AS node, [x IN collect(f) | x {.*}] AS figures
