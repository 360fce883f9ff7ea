// Nodes no source supports any more; their relationships were removed just before.
UNWIND $rows AS row
MATCH (n:{label} {id: row.id})
DETACH DELETE n
RETURN count(*) AS written
