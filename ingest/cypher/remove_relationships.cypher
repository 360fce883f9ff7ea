// Relationships no source supports any more (or whose node goes).
UNWIND $rows AS row
MATCH (a:{start} {id: row.start})-[r:{rel}]->(b:{end} {id: row.end})
DELETE r
RETURN count(*) AS written
