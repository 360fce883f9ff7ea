// Enterprises of a city: located in its places, or taking part in scenarios and initiatives there.
UNWIND $places AS pid
MATCH (p:City|District {id: pid})
// Collect each OPTIONAL MATCH before the next: two in a row multiply their rows (a hub city
// with 1,000 enterprises and 1,000 participations would make a million).
OPTIONAL MATCH (p)<-[l:LOCATED_IN]-(e1:Enterprise)
WITH p, collect({e: e1, r: l}) AS direct
OPTIONAL MATCH (p)-[:LOCATED_IN|LAUNCHED]-(:Scenario|Initiative)<-[pi:PARTICIPATES_IN]-(e2:Enterprise)
WITH direct, collect({e: e2, r: pi}) AS related
UNWIND direct + related AS pair
WITH pair WHERE pair.e IS NOT NULL
WITH DISTINCT pair.e AS e, pair.r AS r
WITH e, collect(DISTINCT type(r)) AS via, reduce(acc = [], s IN collect(r.sources) | acc + s) AS sources
ORDER BY e.id
WITH collect({id: e.id, label: 'Enterprise', name_zh: e.name_zh, name_en: e.name_en,
              via: via, sources: sources}) AS items
RETURN size(items) AS total, items[$offset..$offset + $cap] AS items
