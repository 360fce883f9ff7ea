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
WITH n.id AS of, tie.place AS place, tie.via AS via
WHERE place IS NOT NULL
OPTIONAL MATCH (place)-[:PART_OF*1..3]->(up)
WITH of, place, via, collect(DISTINCT {id: up.id, name_zh: up.name_zh, name_en: up.name_en}) AS ups
RETURN of, place.id AS id, place.name_zh AS name_zh, place.name_en AS name_en, via,
       [u IN ups WHERE u.id IS NOT NULL] AS ups
