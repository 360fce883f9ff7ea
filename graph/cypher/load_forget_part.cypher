MATCH (m:SceneKGMeta {id: $id})
DELETE m
