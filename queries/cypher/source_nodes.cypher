// Every node citing one source (`$prefix` = 'source:<id>#'), with the citations it takes from it.
MATCH (n)
WHERE n.sources IS NOT NULL AND any(c IN n.sources WHERE c STARTS WITH $prefix)
RETURN n.id AS id, n.name_zh AS name_zh, n.name_en AS name_en,
       [c IN n.sources WHERE c STARTS WITH $prefix] AS citations
ORDER BY id
