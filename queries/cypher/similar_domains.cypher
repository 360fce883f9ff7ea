// The scenario domains of every city: those of the scenarios located in it or in its districts,
// with the citations of each scenario and of its LOCATED_IN.
MATCH (s:Scenario)-[r:LOCATED_IN]->(place)
WHERE (place:City OR place:District) AND s.domain IS NOT NULL
WITH s.domain AS domain, place, collect(coalesce(r.sources, []) + coalesce(s.sources, [])) AS cited
MATCH (place)-[:PART_OF*0..{hops}]->(city:City)
RETURN city.id AS city_id, city.name_zh AS city_zh, city.name_en AS city_en, domain, cited
