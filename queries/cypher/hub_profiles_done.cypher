// The kept hub profiles are every hub's (more than $degree relationships: $hubs) at $revision.
MERGE (done:SceneKGMeta {id: 'profiles'})
SET done.revision = $revision, done.degree = $degree, done.hubs = $hubs
