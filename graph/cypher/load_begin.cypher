// The record of a load that commits in parts, committed before its first part; outside the
// data model, on the internal SceneKGMeta label the model's queries never match.
CREATE (m:SceneKGMeta {id: $id, kind: 'load', load: $load, state: 'running', pid: $pid, host: $host,
                       started: $started, files: $files})
