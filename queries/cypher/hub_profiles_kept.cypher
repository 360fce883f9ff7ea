// Every kept hub profile without its text: entity, revision, relationships, places (itself, or a
// city and its districts); and the revision at which the whole set was last kept.
OPTIONAL MATCH (done:SceneKGMeta {id: 'profiles'})
OPTIONAL MATCH (s:SceneKGMeta {kind: 'profile'})
RETURN done.revision AS complete, done.degree AS min, s.id AS id, s.revision AS revision,
       s.degree AS degree, s.places AS places
