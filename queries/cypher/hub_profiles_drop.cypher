// Kept hub profiles of any other revision than $revision: never read again, so they go.
MATCH (old:SceneKGMeta {kind: 'profile'})
WHERE old.revision <> $revision
DELETE old
