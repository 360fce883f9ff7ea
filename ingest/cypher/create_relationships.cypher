// Relationships the plan found absent (or with an endpoint created in this same load).
UNWIND $rows AS row
MATCH (a:{start} {id: row.start})
MATCH (b:{end} {id: row.end})
CREATE (a)-[r:{rel}]->(b)
SET r = row.props
RETURN count(*) AS written
