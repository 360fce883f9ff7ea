// What the opportunities of one page ($ids) need among $techs, with the citations of each NEEDS.
UNWIND $ids AS oid
MATCH (o:Opportunity {id: oid})-[r:NEEDS]->(t:Technology)
WHERE t.id IN $techs
RETURN o.id AS candidate, t.id AS technology, r.sources AS sources
