// Kept hub profiles of revision $before that show one of $ids (an entity, a figure, a source).
MATCH (s:SceneKGMeta {kind: 'profile'})
WHERE s.revision = $before AND any(x IN s.refs WHERE x IN $ids)
RETURN s.id AS id
