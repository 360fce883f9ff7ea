// Nodes known not to exist yet (the plan looked): a plain CREATE, several times faster than
// MERGE with its before/after comparison, with the properties in the CREATE itself (see
// graph.cypher.Properties). `props` holds id and sources too.
UNWIND $rows AS row
CREATE (n:{label} {props})
RETURN count(*) AS written
