// Neighbours grouped by relationship type and direction; each group capped at $cap but counted whole.
MATCH (n:{label} {id: $id})-[r]-(m)
WHERE type(r) <> 'HAS_FIGURE'
WITH type(r) AS type, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction, r, m
ORDER BY type, direction, m.id
WITH type, direction, collect({id: m.id, label: labels(m)[0], name_zh: m.name_zh, name_en: m.name_en,
                               properties: properties(r)}) AS items
RETURN type, direction, size(items) AS total, items[$offset..$offset + $cap] AS items
