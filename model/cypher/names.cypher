MATCH (n:{label})
RETURN n.id AS id, n.name_zh AS name_zh, n.name_en AS name_en, n.aliases AS aliases
