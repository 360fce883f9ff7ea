// Neighbours grouped by label, each listed once with every relationship that ties it (type,
// direction, properties); each group capped at $cap but counted whole. Ties in $covered
// ('Label:TYPE', the city sections' own) are left to those sections.
MATCH (n:{label} {id: $id})-[r]-(m)
WHERE type(r) <> 'HAS_FIGURE' AND NOT (labels(m)[0] + ':' + type(r)) IN $covered
WITH m, collect({type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                 properties: properties(r)}) AS ties
WITH labels(m)[0] AS label, m, ties
ORDER BY label, m.id
WITH label, collect({id: m.id, label: label, name_zh: m.name_zh, name_en: m.name_en, ties: ties}) AS items
RETURN label, size(items) AS total, items[$offset..$offset + $cap] AS items
