// Nodes known not to exist yet (the plan looked): a plain CREATE, several times faster than
// MERGE with its before/after comparison, with the properties in the CREATE itself (see
// graph.cypher.Properties). `props` holds id and sources too. Each node's element id comes
// back, in one row (one record per node cost more than the lookups it saves), so the
// relationships of the same load find it without an index lookup (ingest.elements).
UNWIND $rows AS row
CREATE (n:{label} {props})
RETURN collect([n.id, elementId(n)]) AS elements
