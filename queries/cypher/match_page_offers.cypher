// What the candidates of one page ($ids) offer among $techs, with the citations that state it:
// a capability its OFFERS; an enterprise the OFFERS of its capabilities (via, with OFFERED_BY's
// citations) and what it PROVIDES itself (via null).
UNWIND $ids AS cid
MATCH (c:Capability {id: cid})-[o:OFFERS]->(t:Technology)
WHERE t.id IN $techs AND coalesce(c.status, 'available') <> 'withdrawn'
RETURN c.id AS candidate, t.id AS technology, o.sources AS sources, null AS via, null AS by_sources
UNION ALL
UNWIND $ids AS eid
MATCH (e:Enterprise {id: eid})<-[b:OFFERED_BY]-(c:Capability)-[o:OFFERS]->(t:Technology)
WHERE t.id IN $techs AND coalesce(c.status, 'available') <> 'withdrawn'
RETURN e.id AS candidate, t.id AS technology, o.sources AS sources, c.id AS via, b.sources AS by_sources
UNION ALL
UNWIND $ids AS eid
MATCH (e:Enterprise {id: eid})-[p:PROVIDES]->(t:Technology)
WHERE t.id IN $techs
RETURN e.id AS candidate, t.id AS technology, p.sources AS sources, null AS via, null AS by_sources
