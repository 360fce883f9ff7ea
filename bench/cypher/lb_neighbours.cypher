// LadybugDB: a node's neighbours grouped by relationship type and direction, each group counted
// whole and its first $cap ids (by id) kept, as queries/cypher/profile_neighbours.cypher does.
MATCH (n:{label})-[r]->(m) WHERE n.id = $id
WITH label(r) AS type, list_sort(collect(m.id)) AS items
RETURN type, 'out' AS direction, size(items) AS total, list_slice(items, 1, $cap) AS items
UNION ALL
MATCH (n:{label})<-[r]-(m) WHERE n.id = $id
WITH label(r) AS type, list_sort(collect(m.id)) AS items
RETURN type, 'in' AS direction, size(items) AS total, list_slice(items, 1, $cap) AS items
