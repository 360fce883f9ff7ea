// A load that committed all of its parts: its records go, in its last transaction.
MATCH (m:SceneKGMeta {load: $load})
DELETE m
