// Relationships with an endpoint created in this same load, which therefore cannot exist yet.
UNWIND $rows AS row
MATCH (a:{start} {id: row.start})
MATCH (b:{end} {id: row.end})
CREATE (a)-[r:{rel}]->(b)
SET r += row.props, r.sources = row.sources
RETURN count(*) AS written, count(*) AS created, 0 AS updated
