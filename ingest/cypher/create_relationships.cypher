// Relationships the plan found absent (or with an endpoint created in this same load), with
// their properties in the CREATE itself (see graph.cypher.Properties).
UNWIND $rows AS row
MATCH (a:{start} {id: row.start})
MATCH (b:{end} {id: row.end})
CREATE (a)-[r:{rel} {props}]->(b)
RETURN count(*) AS written
