OPTIONAL MATCH (m:SceneKGMeta {id: 'graph'})
RETURN m.revision AS revision
