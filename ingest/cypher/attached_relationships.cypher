// Every relationship of the given nodes of one label, either direction, with its citations.
UNWIND $ids AS id
MATCH (n:{label} {id: id})-[r]-()
RETURN DISTINCT type(r) AS type, startNode(r).id AS start, endNode(r).id AS end, r.sources AS sources
