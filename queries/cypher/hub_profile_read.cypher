// A kept profile, only if it was computed at the graph's current revision (one round trip).
MATCH (g:SceneKGMeta {id: 'graph'})
MATCH (s:SceneKGMeta {id: $id})
WHERE s.revision = g.revision
RETURN s.profile AS profile
