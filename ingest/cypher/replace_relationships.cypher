// Relationships the plan found changed: their whole new property map (sources included).
UNWIND $rows AS row
MATCH (a:{start} {id: row.start})-[r:{rel}]->(b:{end} {id: row.end})
SET r = row.props
RETURN count(*) AS written
