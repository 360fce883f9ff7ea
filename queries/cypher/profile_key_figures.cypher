// The figures of an entity and of what it launched, organised, issued or takes part in, and of
// what is located in it ($places: the entity, or a city and its districts); each with its owner.
UNWIND $places AS pid
MATCH (p:{label}|District {id: pid})
OPTIONAL MATCH (p)-[:LAUNCHED|ORGANISED|ISSUED|PARTICIPATES_IN]->(o1)
WITH p, collect(DISTINCT o1) AS done
OPTIONAL MATCH (o2)-[:LOCATED_IN]->(p)
WITH p, done, collect(DISTINCT o2) AS inside
UNWIND [p] + done + inside AS owner
WITH DISTINCT owner
MATCH (owner)-[:HAS_FIGURE]->(f:Figure)
WITH owner, f ORDER BY owner.id, f.measure
RETURN owner.id AS id, owner.name_zh AS name_zh, owner.name_en AS name_en, f {.*} AS figure
