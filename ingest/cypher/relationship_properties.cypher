// The stored properties of relationships of one type between nodes of one start and one end
// label (each endpoint found through its label's index).
UNWIND $rows AS row
MATCH (a:{start} {id: row.start})-[r:{rel}]->(b:{end} {id: row.end})
RETURN row.start AS start, row.end AS end, properties(r) AS props
