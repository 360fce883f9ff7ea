UNWIND range(0, size($starts) - 1) AS i
MATCH (a:{start} {id: $starts[i]})-[r:{rel}]->(b:{end} {id: $ends[i]})
DELETE r
