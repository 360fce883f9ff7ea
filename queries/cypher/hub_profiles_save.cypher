// Keep the hubs' profiles (JSON) tagged with the revision they were computed at, on the internal
// SceneKGMeta label, whose id is unique and indexed; with what the next write needs to tell
// whether it can change them: the ids they show, their places, their relationship count.
UNWIND $rows AS row
MERGE (s:SceneKGMeta {id: row.id})
SET s.kind = 'profile', s.revision = $revision, s.profile = row.profile, s.refs = row.refs,
    s.places = row.places, s.degree = row.degree
