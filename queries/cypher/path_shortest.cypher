// The shortest path between two entities over the allowed relationship types. The types are
// named in the pattern: on the embedded server a WHERE on a shortestPath's relationships
// returns nothing. $via (labels allowed for intermediate nodes) is a node filter, which works.
MATCH (a:{start} {id: $a}), (b:{end} {id: $b})
MATCH p = shortestPath((a)-[:{rels}*..{hops}]-(b))
WHERE $via IS NULL OR all(n IN nodes(p)[1..-1] WHERE labels(n)[0] IN $via)
RETURN [n IN nodes(p) | {id: n.id, label: labels(n)[0], name_zh: n.name_zh, name_en: n.name_en}] AS nodes,
       [r IN relationships(p) | {type: type(r), start: startNode(r).id, sources: r.sources}] AS rels,
       reduce(d = 0, n IN nodes(p)[1..-1] | d + COUNT { (n)--() }) AS hubness
