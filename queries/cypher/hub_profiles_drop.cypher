// Every kept hub profile but those of $hubs goes (after a refresh of every hub: what an older
// set or an older version of scenekg kept).
MATCH (s:SceneKGMeta)
WHERE s.kind IN ['profile', 'hubref'] AND NOT substring(s.id, size(s.kind) + 1) IN $hubs
DELETE s
