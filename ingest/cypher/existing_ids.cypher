UNWIND $ids AS id
MATCH (n:{label} {id: id})
RETURN n.id AS id
