// One section of city profiles: what touches each city of $cities ({id, places}: the city and
// its districts) through {rels}, with the relationship types that connect it and their sources;
// capped at $cap, counted whole. A city with nothing in the section has no row.
UNWIND $cities AS city
UNWIND city.places AS pid
MATCH (p:City|District {id: pid})-[r:{rels}]-(x:{label})
WITH DISTINCT city.id AS city, x, r
WITH city, x, collect(DISTINCT type(r)) AS via, reduce(acc = [], s IN collect(r.sources) | acc + s) AS sources
ORDER BY city, x.id
WITH city, collect({id: x.id, label: labels(x)[0], name_zh: x.name_zh, name_en: x.name_en,
                    via: via, sources: sources}) AS items
RETURN city, size(items) AS total, items[$offset..$offset + $cap] AS items
