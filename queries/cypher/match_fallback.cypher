// Who already works with any of $techs: the enterprises that PROVIDE one and the scenarios and
// initiatives that APPLY one, with the citations of that relationship.
UNWIND $techs AS tid
MATCH (t:Technology {id: tid})<-[r:PROVIDES|APPLIES]-(x)
RETURN t.id AS technology, type(r) AS relationship, x.id AS id, r.sources AS sources
