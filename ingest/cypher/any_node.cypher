MATCH (n:{label})
RETURN n.id AS id
LIMIT 1
