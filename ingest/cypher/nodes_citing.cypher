// Nodes of one label citing any of the given sources ($prefixes are `source:<id>#`).
MATCH (n:{label})
WHERE any(c IN coalesce(n.sources, []) WHERE any(p IN $prefixes WHERE c STARTS WITH p))
RETURN properties(n) AS props
