// The {label} nodes with ids in $ids, with every property and their figures, for tooltips.
UNWIND $ids AS id
MATCH (n:{label} {id: id})
OPTIONAL MATCH (n)-[:HAS_FIGURE]->(f:Figure)
WITH n, collect(f) AS figures
RETURN n {.*} AS node, [x IN figures | x {.*}] AS figures
