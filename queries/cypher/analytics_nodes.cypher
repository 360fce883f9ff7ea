// The nodes of a network projection: every node whose (single) label is in $labels.
MATCH (n) WHERE labels(n)[0] IN $labels
RETURN n.id AS id, labels(n)[0] AS label, n.name_zh AS name_zh, n.name_en AS name_en
