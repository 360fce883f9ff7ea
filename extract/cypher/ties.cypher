// What each entity is tied to (extract.ties): the relationships of the types given as {rels}.
MATCH (a)-[r:{rels}]->(b)
RETURN a.id AS start, type(r) AS type, b.id AS end
