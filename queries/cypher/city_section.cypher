// One section of a city profile: what touches the city or its districts through {rels},
// with the relationship types that connect it and their sources; capped at $cap, counted whole.
UNWIND $places AS pid
MATCH (p:City|District {id: pid})-[r:{rels}]-(x:{label})
WITH DISTINCT x, r
WITH x, collect(DISTINCT type(r)) AS via, reduce(acc = [], s IN collect(r.sources) | acc + s) AS sources
ORDER BY x.id
WITH collect({id: x.id, label: labels(x)[0], name_zh: x.name_zh, name_en: x.name_en,
              via: via, sources: sources}) AS items
RETURN size(items) AS total, items[$offset..$offset + $cap] AS items
