// The kept profiles of $hubs, entities that are no longer hubs, go.
UNWIND $hubs AS hub
OPTIONAL MATCH (p:SceneKGMeta {id: 'profile:' + hub})
OPTIONAL MATCH (r:SceneKGMeta {id: 'hubref:' + hub})
DELETE p, r
