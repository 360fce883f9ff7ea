// Places of one label, told apart by what cites them: a reference dataset (a Source of kind
// 'reference'), any other source (curated data, lists, articles), or both.
OPTIONAL MATCH (s:Source {kind: 'reference'})
WITH collect(s.id + '#') AS prefixes
MATCH (n:{label})
WITH prefixes, coalesce(n.sources, []) AS cited
WITH size(cited) AS all, size([c IN cited WHERE any(p IN prefixes WHERE c STARTS WITH p)]) AS reference
RETURN count(*) AS count,
       sum(CASE WHEN reference > 0 THEN 1 ELSE 0 END) AS reference,
       sum(CASE WHEN reference < all THEN 1 ELSE 0 END) AS curated
