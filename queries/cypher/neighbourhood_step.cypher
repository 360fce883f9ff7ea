// The neighbours, in either direction, of the {label} nodes with ids in $ids.
UNWIND $ids AS id
MATCH (a:{label} {id: id})-[:{rels}]-(b)
RETURN DISTINCT b.id AS id, labels(b)[0] AS label, b.name_zh AS name_zh, b.name_en AS name_en
