// The stored properties of nodes of one label, looked up through its unique-id index.
UNWIND $ids AS id
MATCH (n:{label} {id: id})
RETURN properties(n) AS props
