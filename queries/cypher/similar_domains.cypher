// The scenario domains of every city: those of the scenarios located in it or in its districts.
MATCH (s:Scenario)-[:LOCATED_IN]->(place)
WHERE (place:City OR place:District) AND s.domain IS NOT NULL
WITH DISTINCT s.domain AS domain, place
MATCH (place)-[:PART_OF*0..{hops}]->(city:City)
RETURN DISTINCT city.id AS city_id, city.name_zh AS city_zh, city.name_en AS city_en, domain
