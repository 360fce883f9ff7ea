// LadybugDB: queries/cypher/match_rank_offers.cypher in this engine's dialect (no CALL
// subquery: the three kinds of candidate are collected per technology instead; the primary
// key is used through list_contains, not through UNWIND ... {id: ...}). The whole ranking is
// returned, in order (WITH ... ORDER BY does not carry its order into collect here), and the
// caller counts it and cuts the page: in-process, rows cost no network.
MATCH (t:Technology) WHERE list_contains($techs, t.id)
UNWIND $meets AS m
WITH t, m WHERE m.tech = t.id
OPTIONAL MATCH (t)<-[:OFFERS]-(c:Capability)
WHERE c.status IS NULL OR c.status <> 'withdrawn'
OPTIONAL MATCH (c)-[:OFFERED_BY]->(e:Enterprise)
WITH t, m, collect(c.id) AS capabilities, collect(e.id) AS enterprises
OPTIONAL MATCH (t)<-[:PROVIDES]-(p:Enterprise)
WITH m, capabilities, enterprises, collect(p.id) AS providers
UNWIND capabilities + enterprises + providers AS candidate
WITH candidate, m.need AS need, max(m.weight) AS best
WITH candidate, sum(best) AS score, count(CASE WHEN best = 1.0 THEN 1 END) AS exact
RETURN candidate, score, exact
ORDER BY score DESC, exact DESC, candidate
