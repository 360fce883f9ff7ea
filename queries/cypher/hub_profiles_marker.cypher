// The revision at which the kept hub profiles were last made every hub's, the relationship count
// above which an entity was a hub, and the hubs.
MATCH (done:SceneKGMeta {id: 'profiles'})
RETURN done.revision AS revision, done.degree AS degree, done.hubs AS hubs
