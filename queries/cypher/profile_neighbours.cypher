// Neighbours grouped by label, each listed once with every relationship that ties it (type,
// direction, properties); each group capped at $cap but counted whole. Ties in $covered
// ('Label:TYPE', the city sections' own) are left to those sections. Per entity of $ids (one,
// or the hubs kept in bulk).
UNWIND $ids AS id
MATCH (n:{label} {id: id})-[r]-(m)
WHERE type(r) <> 'HAS_FIGURE' AND NOT (labels(m)[0] + ':' + type(r)) IN $covered
WITH n, m, collect({type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
                    properties: properties(r)}) AS ties
WITH n.id AS id, labels(m)[0] AS label, m, ties
ORDER BY id, label, m.id
WITH id, label, collect({id: m.id, label: label, name_zh: m.name_zh, name_en: m.name_en, ties: ties}) AS items
RETURN id, label, size(items) AS total, items[$offset..$offset + $cap] AS items
ORDER BY id, label
