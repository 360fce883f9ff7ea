// Who applies or focuses on each technology in $techs, and the city each user belongs to:
// a City is its own; a District climbs PART_OF to its City; anything else is placed where
// it is LOCATED_IN or by the place that LAUNCHED it, climbing from a District the same way.
// One row per (user, technology, relationship, anchor); city is null when the anchor is
// not a City or District (a province, a ministry, the user itself).
UNWIND $techs AS tid
MATCH (t:Technology {id: tid})<-[r:APPLIES|FOCUSES_ON]-(u)
WHERE NOT u:Policy
OPTIONAL MATCH (u)-[:LOCATED_IN]->(located)
OPTIONAL MATCH (launcher)-[:LAUNCHED]->(u)
WITH t, r, u, collect(DISTINCT located) + collect(DISTINCT launcher) + [u] AS anchors
UNWIND anchors AS anchor
WITH DISTINCT t, r, u, anchor
OPTIONAL MATCH (anchor)-[:PART_OF*0..{hops}]->(city:City)
WHERE anchor:City OR anchor:District
RETURN u.id AS user_id, labels(u)[0] AS user_label, u.name_zh AS user_zh, u.name_en AS user_en,
       t.id AS technology, type(r) AS relationship, r.sources AS sources,
       city.id AS city_id, city.name_zh AS city_zh, city.name_en AS city_en,
       CASE WHEN city IS NOT NULL AND anchor:District THEN anchor.id END AS district_id,
       CASE WHEN city IS NOT NULL AND anchor:District THEN anchor.name_zh END AS district_zh,
       CASE WHEN city IS NOT NULL AND anchor:District THEN anchor.name_en END AS district_en
