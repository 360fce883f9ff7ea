// Which needs some capability (not withdrawn) covers: each $meets row is {tech, need}, offering
// `tech` meets `need` (exactly or within the BROADER steps the caller allowed).
UNWIND $meets AS m
MATCH (:Technology {id: m.tech})<-[:OFFERS]-(c:Capability)
WHERE coalesce(c.status, 'available') <> 'withdrawn'
RETURN DISTINCT m.need AS need
