// Rank who offers what an opportunity needs, scored in the database. Each $meets row is
// {tech, need, weight}: offering `tech` meets `need` with that weight (1.0 exact, 0.5 narrower
// or broader). Candidates: capabilities (not withdrawn) that OFFER a tech, the enterprise each
// is OFFERED_BY, and enterprises that PROVIDE one. Per candidate and need the best weight
// counts; the score is their sum, `exact` the needs met at 1.0. Only the page's rows leave.
// The best weight per need is taken per capability before its enterprise is looked up, so a
// capability met through many related technologies is expanded to its enterprise once.
// A hub need has tens of thousands of candidates, and sorting them all was most of the time
// (at size L about 0.7 s of 1 s), as was reading every candidate's id. So candidates are
// grouped as nodes into tiers of equal (score, exact), the tiers are sorted (a few dozen), and
// only the tiers that reach into the page are unfolded, their ids read and sorted, up to $end.
// The order is the same: score, then exact needs, then id.
CALL {
  UNWIND $meets AS m
  MATCH (:Technology {id: m.tech})<-[:OFFERS]-(c:Capability)
  WHERE coalesce(c.status, 'available') <> 'withdrawn'
  WITH c, m.need AS need, max(m.weight) AS best
  WITH c, collect({need: need, best: best}) AS met
  OPTIONAL MATCH (c)-[:OFFERED_BY]->(e:Enterprise)
  WITH c, met, collect(e) AS enterprises
  UNWIND [c] + enterprises AS candidate
  UNWIND met AS n
  RETURN candidate, n.need AS need, n.best AS weight
  UNION ALL
  UNWIND $meets AS m
  MATCH (:Technology {id: m.tech})<-[:PROVIDES]-(candidate:Enterprise)
  RETURN candidate, m.need AS need, m.weight AS weight
}
WITH candidate, need, max(weight) AS best
WITH candidate, sum(best) AS score, sum(CASE WHEN best = 1.0 THEN 1 ELSE 0 END) AS exact
WITH score, exact, collect(candidate) AS members
ORDER BY score DESC, exact DESC
WITH collect({score: score, exact: exact, members: members}) AS tiers
WITH tiers, reduce(n = 0, t IN tiers | n + size(t.members)) AS total
UNWIND range(0, size(tiers) - 1) AS i
WITH total, tiers[i] AS tier, reduce(n = 0, t IN tiers[0..i] | n + size(t.members)) AS before
WHERE before < $end
// Only the last tier unfolded can be larger than the page. Every capability id sorts before
// every enterprise id (an id is '<label>:<key>', checked on load), so when that tier's
// capabilities fill the rest of the page, its enterprises need not be read.
WITH total, tier, before, [x IN tier.members WHERE x:Capability] AS capabilities
UNWIND CASE WHEN before + size(capabilities) >= $end THEN capabilities ELSE tier.members END AS candidate
WITH total, tier.score AS score, tier.exact AS exact, candidate.id AS id
// Sorted after a projection of its own: sorted where the lists above are still in scope, every
// row was charged with its tier's members, and the heap budget for queries ran out at M.
WITH total, score, exact, id
ORDER BY score DESC, exact DESC, id
LIMIT $end
WITH total, collect({id: id, score: score, exact: exact}) AS ranked
RETURN total, ranked[$offset..] AS page
