// The parts of one load, relationships first so that undoing them never leaves one dangling.
MATCH (m:SceneKGMeta {kind: 'undo', load: $load})
RETURN m.id AS id, m.label AS label, m.rel AS rel, m.start AS start, m.end AS end, m.ids AS ids,
       m.starts AS starts, m.ends AS ends
ORDER BY CASE WHEN m.rel IS NULL THEN 1 ELSE 0 END, m.id
