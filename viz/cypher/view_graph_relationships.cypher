// Every relationship of the types {rels}, with its properties.
MATCH (a)-[r:{rels}]->(b)
RETURN a.id AS start, b.id AS end, type(r) AS type, properties(r) AS properties
