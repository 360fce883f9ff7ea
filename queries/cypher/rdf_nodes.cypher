// Every {label} node with all its properties, for the RDF export of the whole graph.
MATCH (n:{label})
RETURN n.id AS id, properties(n) AS props
