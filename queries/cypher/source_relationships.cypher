// Every relationship citing one source (`$prefix` = 'source:<id>#'), with its citations from it.
MATCH (a)-[r]->(b)
WHERE r.sources IS NOT NULL AND any(c IN r.sources WHERE c STARTS WITH $prefix)
RETURN a.id AS from_id, a.name_zh AS from_zh, a.name_en AS from_en, type(r) AS type,
       b.id AS to_id, b.name_zh AS to_zh, b.name_en AS to_en,
       [c IN r.sources WHERE c STARTS WITH $prefix] AS citations
ORDER BY from_id, type, to_id
