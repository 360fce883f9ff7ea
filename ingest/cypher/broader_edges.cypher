MATCH (a:Technology)-[:BROADER]->(b:Technology)
RETURN a.id AS start, b.id AS end
