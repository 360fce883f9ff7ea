// The places each entity of $ids is tied to: where it is located or which it is part of, and
// where the things it is related to (its scenarios, initiatives, partners) are located; each
// place with the places it lies in (district -> city -> province) and what ties the entity to it.
UNWIND $ids AS id
MATCH (n:{label} {id: id})
OPTIONAL MATCH (n)-[:LOCATED_IN|PART_OF]->(p0)
WITH n, collect(DISTINCT {place: p0, via: null}) AS direct
OPTIONAL MATCH (n)-[r]-(x)-[:LOCATED_IN]->(p1)
WHERE type(r) <> 'HAS_FIGURE' AND NOT (x:City OR x:District OR x:Province)
WITH n, direct, collect(DISTINCT {place: p1, via: x.id}) AS related
UNWIND direct + related AS tie
WITH n.id AS of, tie
WHERE tie.place IS NOT NULL
// Each place once, with every entity tying it (none: the entity is there itself), before
// climbing: a technology's thousands of ties reach a few hundred places.
WITH of, tie.place AS place, collect(tie.via) AS vias, collect(CASE WHEN tie.via IS NULL THEN 1 END) AS direct
OPTIONAL MATCH (place)-[:PART_OF*1..3]->(up)
WITH of, place, vias, direct, collect(DISTINCT {id: up.id, name_zh: up.name_zh, name_en: up.name_en}) AS ups
RETURN of, place.id AS id, place.name_zh AS name_zh, place.name_en AS name_en, vias, size(direct) > 0 AS direct,
       [u IN ups WHERE u.id IS NOT NULL] AS ups
