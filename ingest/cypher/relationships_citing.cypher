// Relationships of one type citing any of the given sources ($prefixes are `source:<id>#`).
MATCH (a)-[r:{rel}]->(b)
WHERE any(c IN coalesce(r.sources, []) WHERE any(p IN $prefixes WHERE c STARTS WITH p))
RETURN a.id AS start, b.id AS end, properties(r) AS props
