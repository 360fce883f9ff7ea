// Keep the hubs' profiles (JSON) on the internal SceneKGMeta label, whose id is unique and
// indexed; beside each, on a node of its own (read without the text), what the next write needs
// to tell whether it can change it: the ids it shows, its places, its relationship count.
UNWIND $rows AS row
MERGE (p:SceneKGMeta {id: 'profile:' + row.hub})
SET p.kind = 'profile', p.profile = row.profile
MERGE (r:SceneKGMeta {id: 'hubref:' + row.hub})
SET r.kind = 'hubref', r.refs = row.refs, r.places = row.places, r.degree = row.degree
