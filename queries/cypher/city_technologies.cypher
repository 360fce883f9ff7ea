// Technologies a city works with: those its places focus on, and those applied by the scenarios
// and initiatives located in or launched by its places.
UNWIND $places AS pid
MATCH (p:City|District {id: pid})
OPTIONAL MATCH (p)-[f:FOCUSES_ON]->(t1:Technology)
WITH p, collect({t: t1, r: f}) AS direct  // collected first: see city_enterprises.cypher
OPTIONAL MATCH (p)-[:LOCATED_IN|LAUNCHED]-(u:Scenario|Initiative)-[a:APPLIES]->(t2:Technology)
WITH direct, collect({t: t2, r: a}) AS related
UNWIND direct + related AS pair
WITH pair WHERE pair.t IS NOT NULL
WITH DISTINCT pair.t AS t, pair.r AS r
WITH t, collect(DISTINCT type(r)) AS via, reduce(acc = [], s IN collect(r.sources) | acc + s) AS sources
ORDER BY t.id
WITH collect({id: t.id, label: 'Technology', name_zh: t.name_zh, name_en: t.name_en,
              via: via, sources: sources}) AS items
RETURN size(items) AS total, items[$offset..$offset + $cap] AS items
