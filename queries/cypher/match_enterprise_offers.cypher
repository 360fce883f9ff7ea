// What one enterprise offers: the technologies of its capabilities (not withdrawn) and the
// ones it PROVIDES itself (capability null), each with the citations that state it.
MATCH (e:Enterprise {id: $id})<-[b:OFFERED_BY]-(c:Capability)-[o:OFFERS]->(t:Technology)
WHERE coalesce(c.status, 'available') <> 'withdrawn'
RETURN t.id AS technology, o.sources + b.sources AS sources,
       c.id AS capability_id, c.name_zh AS capability_zh, c.name_en AS capability_en
UNION ALL
MATCH (e:Enterprise {id: $id})-[p:PROVIDES]->(t:Technology)
RETURN t.id AS technology, p.sources AS sources,
       null AS capability_id, null AS capability_zh, null AS capability_en
