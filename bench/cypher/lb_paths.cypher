// LadybugDB: simple paths (no node twice) of exactly {hops} relationships, as node ids.
MATCH (a:{start}), (b:{end}) WHERE a.id = $a AND b.id = $b
MATCH p = (a)-[r* ACYCLIC {hops}..{hops}]-(b)
RETURN properties(nodes(p), 'id') AS ids
LIMIT $limit
