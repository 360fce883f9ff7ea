// LadybugDB: the length of a shortest path of at most {hops} relationships, any direction.
MATCH (a:{start}), (b:{end}) WHERE a.id = $a AND b.id = $b
MATCH (a)-[r* SHORTEST 1..{hops}]-(b)
RETURN length(r) AS length
LIMIT 1
