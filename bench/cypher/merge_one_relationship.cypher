MATCH (a:{start} {id: $start})
MATCH (b:{end} {id: $end})
MERGE (a)-[r:{rel}]->(b)
SET r += $props, r.sources = $sources
