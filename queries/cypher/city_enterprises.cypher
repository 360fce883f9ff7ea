// Enterprises of each city of $cities: located in its places, or taking part in scenarios and
// initiatives there.
UNWIND $cities AS city
UNWIND city.places AS pid
MATCH (p:City|District {id: pid})
// Collect each OPTIONAL MATCH before the next: two in a row multiply their rows (a hub city
// with 1,000 enterprises and 1,000 participations would make a million).
OPTIONAL MATCH (p)<-[l:LOCATED_IN]-(e1:Enterprise)
WITH city.id AS city, p, collect({e: e1, r: l}) AS direct
OPTIONAL MATCH (p)-[:LOCATED_IN|LAUNCHED]-(:Scenario|Initiative)<-[pi:PARTICIPATES_IN]-(e2:Enterprise)
WITH city, direct, collect({e: e2, r: pi}) AS related
UNWIND direct + related AS pair
WITH city, pair WHERE pair.e IS NOT NULL
WITH DISTINCT city, pair.e AS e, pair.r AS r
WITH city, e, collect(DISTINCT type(r)) AS via, reduce(acc = [], s IN collect(r.sources) | acc + s) AS sources
ORDER BY city, e.id
WITH city, collect({id: e.id, label: 'Enterprise', name_zh: e.name_zh, name_en: e.name_en,
                    via: via, sources: sources}) AS items
RETURN city, size(items) AS total, items[$offset..$offset + $cap] AS items
