// The figures of each entity of $owners ({id, places}: the entity, or a city and its districts)
// and of what its places launched, organised, issued or take part in, and of what is located in
// them; each with its owner.
UNWIND $owners AS of
UNWIND of.places AS pid
MATCH (p:{label}|District {id: pid})
OPTIONAL MATCH (p)-[:LAUNCHED|ORGANISED|ISSUED|PARTICIPATES_IN]->(o1)
WITH of.id AS of, p, collect(DISTINCT o1) AS done
OPTIONAL MATCH (o2)-[:LOCATED_IN]->(p)
WITH of, p, done, collect(DISTINCT o2) AS inside
UNWIND [p] + done + inside AS owner
WITH DISTINCT of, owner
MATCH (owner)-[:HAS_FIGURE]->(f:Figure)
WITH of, owner, f ORDER BY of, owner.id, f.measure
RETURN of, owner.id AS id, owner.name_zh AS name_zh, owner.name_en AS name_en, f {.*} AS figure
