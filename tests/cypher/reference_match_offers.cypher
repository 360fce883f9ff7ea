// Who offers any of $techs: capabilities (not withdrawn) that OFFER one, with the enterprise
// they are OFFERED_BY, and enterprises that PROVIDE one themselves (capability null).
UNWIND $techs AS tid
MATCH (t:Technology {id: tid})<-[o:OFFERS]-(c:Capability)
WHERE coalesce(c.status, 'available') <> 'withdrawn'
OPTIONAL MATCH (c)-[b:OFFERED_BY]->(e:Enterprise)
RETURN t.id AS technology, o.sources AS sources,
       c.id AS capability_id, c.name_zh AS capability_zh, c.name_en AS capability_en,
       e.id AS enterprise_id, e.name_zh AS enterprise_zh, e.name_en AS enterprise_en,
       b.sources AS by_sources
UNION ALL
UNWIND $techs AS tid
MATCH (t:Technology {id: tid})<-[p:PROVIDES]-(e:Enterprise)
RETURN t.id AS technology, p.sources AS sources,
       null AS capability_id, null AS capability_zh, null AS capability_en,
       e.id AS enterprise_id, e.name_zh AS enterprise_zh, e.name_en AS enterprise_en,
       null AS by_sources
