// LadybugDB: a node's neighbours grouped by their label, each neighbour once, each group counted
// whole and its first $cap ids (by id) kept, as queries/cypher/profile_neighbours.cypher does;
// ties in $covered ('Label:TYPE', a city profile's own sections) are left out.
MATCH (n:{label})-[r]-(m) WHERE n.id = $id AND NOT list_contains($covered, label(m) + ':' + label(r))
WITH label(m) AS label, list_sort(collect(DISTINCT m.id)) AS items
RETURN label, size(items) AS total, list_slice(items, 1, $cap) AS items
