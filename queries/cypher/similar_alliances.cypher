// The alliances every city belongs to, itself or through one of its districts, with the
// citations of each MEMBER_OF.
MATCH (member)-[m:MEMBER_OF]->(a:Alliance)
WHERE member:City OR member:District
WITH a, member, collect(coalesce(m.sources, [])) AS cited
MATCH (member)-[:PART_OF*0..{hops}]->(city:City)
RETURN city.id AS city_id, city.name_zh AS city_zh, city.name_en AS city_en,
       a.id AS alliance_id, a.name_zh AS alliance_zh, a.name_en AS alliance_en, cited
