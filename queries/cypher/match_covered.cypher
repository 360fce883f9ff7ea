// Which needs some capability (not withdrawn) covers: each $meets row is {tech, need}, offering
// `tech` meets `need` (exactly or within the BROADER steps the caller allowed). EXISTS stops at
// the first such capability: a hub technology is offered by thousands, and only whether one
// is counts (at size L the median went from 37 to 15 ms).
UNWIND $meets AS m
WITH m
WHERE EXISTS {
  MATCH (:Technology {id: m.tech})<-[:OFFERS]-(c:Capability)
  WHERE coalesce(c.status, 'available') <> 'withdrawn'
}
RETURN DISTINCT m.need AS need
