// Rank who offers what an opportunity needs, scored in the database. Each $meets row is
// {tech, need, weight}: offering `tech` meets `need` with that weight (1.0 exact, 0.5 narrower
// or broader). Candidates: capabilities (not withdrawn) that OFFER a tech, the enterprise each
// is OFFERED_BY, and enterprises that PROVIDE one. Per candidate and need the best weight
// counts; the score is their sum, `exact` the needs met at 1.0. Only the page's rows leave.
// The best weight per need is taken per capability before its enterprise is looked up, so a
// capability met through many related technologies is expanded to its enterprise once.
CALL {
  UNWIND $meets AS m
  MATCH (:Technology {id: m.tech})<-[:OFFERS]-(c:Capability)
  WHERE coalesce(c.status, 'available') <> 'withdrawn'
  WITH c, m.need AS need, max(m.weight) AS best
  WITH c, collect({need: need, best: best}) AS met
  OPTIONAL MATCH (c)-[:OFFERED_BY]->(e:Enterprise)
  WITH c, met, collect(e.id) AS enterprises
  UNWIND [c.id] + enterprises AS candidate
  UNWIND met AS n
  RETURN candidate, n.need AS need, n.best AS weight
  UNION ALL
  UNWIND $meets AS m
  MATCH (:Technology {id: m.tech})<-[:PROVIDES]-(e:Enterprise)
  RETURN e.id AS candidate, m.need AS need, m.weight AS weight
}
WITH candidate, need, max(weight) AS best
WITH candidate, sum(best) AS score, sum(CASE WHEN best = 1.0 THEN 1 ELSE 0 END) AS exact
ORDER BY score DESC, exact DESC, candidate
WITH collect({id: candidate, score: score, exact: exact}) AS ranked
RETURN size(ranked) AS total, ranked[$offset..$end] AS page
