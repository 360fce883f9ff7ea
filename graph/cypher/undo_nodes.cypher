UNWIND $ids AS id
MATCH (n:{label} {id: id})
DETACH DELETE n
