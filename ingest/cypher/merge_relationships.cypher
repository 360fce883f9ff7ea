// Upsert relationships of one type between nodes of one start and one end label, so both
// endpoint lookups use the label's unique-id index. At most one relationship of a type joins
// an ordered pair; a second source for it is added to `sources`.
UNWIND $rows AS row
MATCH (a:{start} {id: row.start})
MATCH (b:{end} {id: row.end})
OPTIONAL MATCH (a)-[old:{rel}]->(b)
WITH a, b, row, old IS NULL AS created, CASE WHEN old IS NULL THEN null ELSE properties(old) END AS before
MERGE (a)-[r:{rel}]->(b)
WITH r, row, created, before, coalesce(r.sources, []) AS sources
SET r += row.props
SET r.sources = reduce(acc = sources, s IN row.sources | CASE WHEN s IN acc THEN acc ELSE acc + s END)
WITH r, created, before
RETURN count(*) AS written, sum(CASE WHEN created THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN NOT created AND properties(r) <> before THEN 1 ELSE 0 END) AS updated
