// Every technology with its names and the BROADER relationships it starts (narrower -> broader).
MATCH (t:Technology)
OPTIONAL MATCH (t)-[r:BROADER]->(b:Technology)
RETURN t.id AS id, t.name_zh AS name_zh, t.name_en AS name_en,
       collect(CASE WHEN b IS NULL THEN null ELSE {id: b.id, sources: r.sources} END) AS broader
