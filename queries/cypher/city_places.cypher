// Cities and every district inside each (districts may nest: 张江 is in 浦东, which is in 上海).
UNWIND $ids AS id
MATCH (c:City {id: id})
OPTIONAL MATCH (c)<-[:PART_OF*1..3]-(d:District)
WITH c, d ORDER BY d.id
RETURN c.id AS city,
       [x IN collect(DISTINCT d) | {id: x.id, label: 'District', name_zh: x.name_zh, name_en: x.name_en}] AS districts
