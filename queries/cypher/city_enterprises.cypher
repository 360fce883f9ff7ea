// Enterprises of a city: located in its places, or taking part in scenarios and initiatives there.
UNWIND $places AS pid
MATCH (p:City|District {id: pid})
OPTIONAL MATCH (p)<-[l:LOCATED_IN]-(e1:Enterprise)
OPTIONAL MATCH (p)-[:LOCATED_IN|LAUNCHED]-(:Scenario|Initiative)<-[pi:PARTICIPATES_IN]-(e2:Enterprise)
WITH collect({e: e1, r: l}) + collect({e: e2, r: pi}) AS pairs
UNWIND pairs AS pair
WITH pair WHERE pair.e IS NOT NULL
WITH DISTINCT pair.e AS e, pair.r AS r
WITH e, collect(DISTINCT type(r)) AS via, reduce(acc = [], s IN collect(r.sources) | acc + s) AS sources
ORDER BY e.id
WITH collect({id: e.id, label: 'Enterprise', name_zh: e.name_zh, name_en: e.name_en,
              via: via, sources: sources}) AS items
RETURN size(items) AS total, items[0..$cap] AS items
