// Every node whose (single) label is in $labels, with every property and its figures.
MATCH (n)
WHERE labels(n)[0] IN $labels
OPTIONAL MATCH (n)-[:HAS_FIGURE]->(f:Figure)
WITH n, collect(f) AS figures
RETURN labels(n)[0] AS label, n {.*} AS node, [x IN figures | x {.*}] AS figures
