// Simple paths of exactly {hops} relationships; the caller deepens {hops} from the shortest
// length upwards, so only the shortest alternatives are ever enumerated. Between hubs there can
// be millions of them: at most $scan are looked at (`scanned` tells the caller whether the cap
// was reached), and among those, paths through fewer hub nodes (lower summed degree of the
// intermediate nodes) come first: they say more.
MATCH (a:{start} {id: $a}), (b:{end} {id: $b})
MATCH p = (a)-[:{rels}*{hops}..{hops}]-(b)
WHERE size(nodes(p)) = size(reduce(s = [], n IN nodes(p) | CASE WHEN n IN s THEN s ELSE s + [n] END))
  AND ($via IS NULL OR all(n IN nodes(p)[1..-1] WHERE labels(n)[0] IN $via))
WITH p
LIMIT $scan
WITH collect(p) AS candidates
UNWIND candidates AS p
WITH p, size(candidates) AS scanned, reduce(d = 0, n IN nodes(p)[1..-1] | d + COUNT { (n)--() }) AS hubness
ORDER BY hubness, [n IN nodes(p) | n.id]
LIMIT $limit
RETURN [n IN nodes(p) | {id: n.id, label: labels(n)[0], name_zh: n.name_zh, name_en: n.name_en}] AS nodes,
       [r IN relationships(p) | {type: type(r), start: startNode(r).id, sources: r.sources}] AS rels,
       hubness,
       scanned
