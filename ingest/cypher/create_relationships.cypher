// Relationships the plan found absent (or with an endpoint created in this same load), with
// their properties in the CREATE itself (see graph.cypher.Properties). Each end is found by
// its element id (`row.a`, `row.b`, from ingest.elements), which reads the record directly,
// and must still carry the id the plan named: a node that is not the one named matches
// nothing, and the writer's row count then undoes the load.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.a AND a.id = row.start
MATCH (b) WHERE elementId(b) = row.b AND b.id = row.end
CREATE (a)-[r:{rel} {props}]->(b)
RETURN count(*) AS written
