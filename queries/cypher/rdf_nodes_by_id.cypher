// The {label} nodes with ids in $ids and all their properties, for a partial RDF export.
UNWIND $ids AS id
MATCH (n:{label} {id: id})
RETURN n.id AS id, properties(n) AS props
