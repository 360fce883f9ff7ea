// Opportunities whose status is in $statuses (a missing status means open) needing any of $techs.
UNWIND $techs AS tid
MATCH (t:Technology {id: tid})<-[r:NEEDS]-(o:Opportunity)
WHERE coalesce(o.status, 'open') IN $statuses
RETURN t.id AS technology, r.sources AS sources, o.id AS id, o.name_zh AS name_zh, o.name_en AS name_en
