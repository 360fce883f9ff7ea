// Every {rel} relationship with its endpoints' ids and all its properties.
MATCH (a)-[r:{rel}]->(b)
RETURN a.id AS start, b.id AS end, properties(r) AS props
