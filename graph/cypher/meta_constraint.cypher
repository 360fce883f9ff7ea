// The revision node is one node by construction (MERGE on id 'graph'); the constraint keeps it
// so when two writers bump it at once, and gives its lookup an index.
CREATE CONSTRAINT SceneKGMeta_id IF NOT EXISTS FOR (n:SceneKGMeta) REQUIRE n.id IS UNIQUE
