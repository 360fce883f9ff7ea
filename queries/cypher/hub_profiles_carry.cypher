// Kept hub profiles of revision $before that the last write cannot have changed: now of $after.
UNWIND $ids AS id
MATCH (s:SceneKGMeta {id: id})
WHERE s.revision = $before
SET s.revision = $after
