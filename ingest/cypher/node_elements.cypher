// The element ids of nodes of one label that a load connects but did not create, looked up
// once per node through the label's unique-id index (not once per relationship).
UNWIND $ids AS id
MATCH (n:{label} {id: id})
RETURN collect([n.id, elementId(n)]) AS elements
