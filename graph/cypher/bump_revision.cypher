// A fresh random token on every change, so caches keyed on it cannot mistake a wiped and
// reloaded graph for the one they saw (a counter would restart at the same numbers).
MERGE (m:SceneKGMeta {id: 'graph'})
WITH m, m.revision AS before
SET m.revision = $token
RETURN before
