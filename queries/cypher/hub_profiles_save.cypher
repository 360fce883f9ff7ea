// Keep the hubs' profiles (JSON) tagged with the revision they were computed at, on the internal
// SceneKGMeta label, whose id is unique and indexed.
UNWIND $rows AS row
MERGE (s:SceneKGMeta {id: row.id})
SET s.kind = 'profile', s.revision = $revision, s.profile = row.profile
