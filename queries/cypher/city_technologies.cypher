// Technologies each city of $cities works with: those its places focus on, and those applied by
// the scenarios and initiatives located in or launched by its places.
UNWIND $cities AS city
UNWIND city.places AS pid
MATCH (p:City|District {id: pid})
OPTIONAL MATCH (p)-[f:FOCUSES_ON]->(t1:Technology)
WITH city.id AS city, p, collect({t: t1, r: f}) AS direct  // collected first: see city_enterprises.cypher
OPTIONAL MATCH (p)-[:LOCATED_IN|LAUNCHED]-(u:Scenario|Initiative)-[a:APPLIES]->(t2:Technology)
WITH city, direct, collect({t: t2, r: a}) AS related
UNWIND direct + related AS pair
WITH city, pair WHERE pair.t IS NOT NULL
WITH DISTINCT city, pair.t AS t, pair.r AS r
WITH city, t, collect(DISTINCT type(r)) AS via, reduce(acc = [], s IN collect(r.sources) | acc + s) AS sources
ORDER BY city, t.id
WITH city, collect({id: t.id, label: 'Technology', name_zh: t.name_zh, name_en: t.name_en,
                    via: via, sources: sources}) AS items
RETURN city, size(items) AS total, items[$offset..$offset + $cap] AS items
