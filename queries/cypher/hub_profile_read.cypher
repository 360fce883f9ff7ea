// A kept profile, only if the kept set was made at the graph's current revision (one round trip).
MATCH (g:SceneKGMeta {id: 'graph'})
MATCH (done:SceneKGMeta {id: 'profiles'})
WHERE done.revision = g.revision AND $hub IN done.hubs
MATCH (s:SceneKGMeta {id: 'profile:' + $hub})
RETURN s.profile AS profile
